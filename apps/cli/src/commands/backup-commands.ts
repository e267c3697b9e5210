/** Registers `backup`, `restore` and `migrate` (each loads its modules when it runs). */
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { Io } from '../io.js';

const keyFileOptions = (prefix: string, side: string) => [
  new Option(
    `--${prefix}encryption-key-file <file>`,
    `${side}: encryption at rest keys, as the API server's flag`,
  ),
  new Option(
    `--${prefix}nacos-encryption-key-file <file>`,
    `${side}: higress-standalone's raw AES key, to read its enc| secrets`,
  ),
];
const archiveKeyOptions = () => [
  new Option(
    '--archive-key-file <file>',
    'passphrase file sealing (backup) or opening (restore) the secrets in the archive',
  ),
  new Option('--archive-passphrase-env <var>', 'the same passphrase from an environment variable'),
  new Option('--skip-secrets', 'leave objects of sensitive kinds (secrets) out instead of giving a key'),
];
const STORAGE_HELP = 'memory:, file:<dir> or nacos:http://[user:password@]host:8848[?ns-id=<namespace>]';

export function addBackupCommands(program: Command, io: Io): void {
  const cwd = () => process.env.INIT_CWD ?? process.cwd();
  const keysOf = (o: Record<string, string | undefined>, prefix: '' | 'from' | 'to') => {
    const key = (name: string) => (prefix ? `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}` : name);
    return {
      encryptionKeyFile: o[key('encryptionKeyFile')],
      nacosEncryptionKeyFile: o[key('nacosEncryptionKeyFile')],
    };
  };
  const passphrase = async (o: Record<string, string | undefined>) =>
    (await import('../backup/archive-passphrase.js')).archivePassphrase(o);

  const backupCommand = program
    .command('backup')
    .description('write every object of every kind into one archive (secrets sealed with AES-256-GCM)')
    .requiredOption('-o, --out <file>', 'the archive to write (.tar.gz)')
    .option('--from <storage>', `read a storage directly: ${STORAGE_HELP}`)
    .option('--kubeconfig <file>', 'read a running stack through its API server (e.g. .dev/kubeconfig)');
  for (const option of [...keyFileOptions('', '--from'), ...archiveKeyOptions()])
    backupCommand.addOption(option);
  backupCommand.action(async (o) => {
    const { backup } = await import('./backup.js');
    await backup({
      out: resolve(cwd(), o.out),
      storage: o.from,
      kubeconfig: o.kubeconfig && resolve(cwd(), o.kubeconfig),
      keys: keysOf(o, ''),
      cwd: cwd(),
      passphrase: await passphrase(o),
      skipSecrets: o.skipSecrets === true,
      log: io.out,
    });
  });

  const restoreCommand = program
    .command('restore')
    .description(
      'load an archive into a storage or a running API server (creates and updates, never deletes)',
    )
    .argument('<file>', 'the archive backup wrote')
    .option('--to <storage>', `write a storage directly: ${STORAGE_HELP}`)
    .option('--kubeconfig <file>', 'write a running stack through its API server')
    .option('--dry-run', 'print what would be created, updated or left unchanged; write nothing');
  for (const option of [...keyFileOptions('', '--to'), ...archiveKeyOptions()])
    restoreCommand.addOption(option);
  restoreCommand.action(async (file: string, o) => {
    const { restore } = await import('./restore.js');
    await restore({
      file: resolve(cwd(), file),
      storage: o.to,
      kubeconfig: o.kubeconfig && resolve(cwd(), o.kubeconfig),
      keys: keysOf(o, ''),
      cwd: cwd(),
      passphrase: await passphrase(o),
      skipSecrets: o.skipSecrets === true,
      dryRun: o.dryRun === true,
      out: io.out,
      stderr: io.stderr,
    });
  });

  const migrateCommand = program
    .command('migrate')
    .description('move every object from one storage to another (e.g. higress-standalone Nacos to file)')
    .requiredOption('--from <storage>', STORAGE_HELP)
    .requiredOption('--to <storage>', STORAGE_HELP)
    .option('--dry-run', 'print what would be created, updated or left unchanged; write nothing');
  for (const option of [...keyFileOptions('from-', '--from'), ...keyFileOptions('to-', '--to')])
    migrateCommand.addOption(option);
  migrateCommand.action(async (o) => {
    const { migrate } = await import('./migrate.js');
    await migrate({
      from: o.from,
      to: o.to,
      fromKeys: keysOf(o, 'from'),
      toKeys: keysOf(o, 'to'),
      dryRun: o.dryRun === true,
      cwd: cwd(),
      out: io.out,
      stderr: io.stderr,
    });
  });
}
