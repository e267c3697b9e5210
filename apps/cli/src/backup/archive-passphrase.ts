/** The archive passphrase: the content of `--archive-key-file` or of the variable `--archive-passphrase-env` names. */
import { readFile } from 'node:fs/promises';

export interface PassphraseOptions {
  archiveKeyFile?: string | undefined;
  archivePassphraseEnv?: string | undefined;
}

export async function archivePassphrase(o: PassphraseOptions): Promise<string | undefined> {
  if (o.archiveKeyFile && o.archivePassphraseEnv)
    throw new Error('give the archive key once: --archive-key-file or --archive-passphrase-env');
  if (o.archiveKeyFile) {
    const text = (await readFile(o.archiveKeyFile, 'utf8')).replace(/\r?\n$/, '');
    if (text.length === 0) throw new Error(`the archive key file ${o.archiveKeyFile} is empty`);
    return text;
  }
  if (o.archivePassphraseEnv) {
    const value = process.env[o.archivePassphraseEnv];
    if (!value) throw new Error(`the environment variable ${o.archivePassphraseEnv} is not set or empty`);
    return value;
  }
  return undefined;
}
