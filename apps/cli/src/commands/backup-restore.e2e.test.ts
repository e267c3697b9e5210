import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { storageEndpoint } from '@hs/backup';
import { nacosTarget } from '@hs/nacos-client/testing';
import { registry } from '@hs/resources';
import {
  createEncryptionTransformer,
  formatEncryptionKeys,
  generateEncryptionKey,
  loadEncryptionKeys,
} from '@hs/security';
import { createFileDriver, createStorage } from '@hs/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram as cli } from '../test-helpers/in-process-cli.js';

const SECRET_VALUE = 'cli-top-secret-9a7b';
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hs-cli-backup-'));
  dirs.push(dir);
  return dir;
}

/** A file storage (Secrets encrypted with `keyFile`) holding a ConfigMap, a Secret and an McpBridge. */
async function seededFileStorage(dir: string, keyFile: string): Promise<string> {
  const root = join(dir, 'data');
  const keys = await loadEncryptionKeys(keyFile);
  const storage = await createStorage({
    driver: createFileDriver({ rootDir: root }),
    registry,
    transformer: createEncryptionTransformer({ keys: keys.keys }),
  });
  const ep = storageEndpoint(storage, 'seed');
  const def = (kind: string) => registry.entries.find((d) => d.kind === kind)!;
  const meta = (name: string) => ({ name, namespace: 'higress-system' });
  await ep.create(
    def('ConfigMap'),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('higress-config'), data: { a: '1' } },
    false,
  );
  await ep.create(
    def('Secret'),
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('creds'),
      type: 'Opaque',
      data: { password: Buffer.from(SECRET_VALUE).toString('base64') },
    },
    false,
  );
  await ep.create(
    def('McpBridge'),
    {
      apiVersion: 'networking.higress.io/v1',
      kind: 'McpBridge',
      metadata: meta('default'),
      spec: { registries: [{ name: 'n', type: 'nacos2', domain: '127.0.0.1', port: 8848 }] },
    },
    false,
  );
  await ep.close();
  return root;
}

/**
 * Every object file of a file storage with its bytes, to prove no object was written (the driver's
 * own `.state/` journal is compacted whenever a storage opens).
 */
async function snapshotDir(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of await readdir(root, { recursive: true })) {
    if (name.startsWith('.state')) continue;
    const path = join(root, name);
    if ((await stat(path)).isFile()) files.set(name, (await readFile(path)).toString('base64'));
  }
  return files;
}

describe('backup, restore and migrate through the CLI', () => {
  it('backs a file storage up, restores it into Nacos and into a file storage idempotently, never writing a secret in plaintext', async () => {
    const dir = await tempDir();
    const keyFile = join(dir, 'enc.keys');
    await writeFile(keyFile, formatEncryptionKeys([generateEncryptionKey('k1')]));
    const passFile = join(dir, 'pass');
    await writeFile(passFile, 'a long operator passphrase\n');
    const root = await seededFileStorage(dir, keyFile);
    const archive = join(dir, 'backup.tar.gz');

    await expect(
      cli('backup', '-o', archive, '--from', `file:${root}`, '--encryption-key-file', keyFile),
    ).rejects.toThrow(/sensitive kinds \(1 secrets\).*--archive-key-file.*--skip-secrets/);
    const out = await cli(
      'backup',
      '-o',
      archive,
      '--from',
      `file:${root}`,
      '--encryption-key-file',
      keyFile,
      '--archive-key-file',
      passFile,
    );
    expect(out.join('\n')).toMatch(/backed up 3 object\(s\) of 3 resource\(s\)/);
    const bytes = await readFile(archive);
    const plain = gunzipSync(bytes);
    expect(plain.includes(SECRET_VALUE)).toBe(false);
    expect(plain.includes(Buffer.from(SECRET_VALUE).toString('base64'))).toBe(false);
    expect(plain.includes('higress-config')).toBe(true);

    const nacos = await nacosTarget();
    try {
      const auth = nacos.username ? `${nacos.username}:${nacos.password}@` : '';
      const spec = `nacos:${nacos.url.replace('://', `://${auth}`)}?ns-id=${nacos.tenant}`;
      const dry = await cli('restore', archive, '--to', spec, '--archive-key-file', passFile, '--dry-run');
      expect(dry).toContain('create    secrets higress-system/creds (v1)');
      expect(dry.at(-1)).toMatch(/3 to create, 0 to update, 0 unchanged; nothing written/);
      expect((await cli('restore', archive, '--to', spec, '--archive-key-file', passFile)).at(-1)).toMatch(
        /3 created, 0 updated, 0 unchanged/,
      );
      expect((await cli('restore', archive, '--to', spec, '--archive-key-file', passFile)).at(-1)).toMatch(
        /0 created, 0 updated, 3 unchanged/,
      );

      // Nacos → file by migrate, then the file storage again from the archive: nothing to change.
      const target = join(dir, 'migrated');
      expect(
        (
          await cli('migrate', '--from', spec, '--to', `file:${target}`, '--to-encryption-key-file', keyFile)
        ).at(-1),
      ).toMatch(/3 created/);
      const before = await snapshotDir(target);
      const again = await cli(
        'restore',
        archive,
        '--to',
        `file:${target}`,
        '--encryption-key-file',
        keyFile,
        '--archive-key-file',
        passFile,
      );
      expect(again.at(-1)).toMatch(/0 created, 0 updated, 3 unchanged/);
      expect(await snapshotDir(target)).toEqual(before);
    } finally {
      await nacos.close();
    }
  });

  it('rejects a truncated, corrupted or wrong-key archive with a clear message and writes nothing', async () => {
    const dir = await tempDir();
    const keyFile = join(dir, 'enc.keys');
    await writeFile(keyFile, formatEncryptionKeys([generateEncryptionKey('k1')]));
    const passFile = join(dir, 'pass');
    await writeFile(passFile, 'right passphrase');
    const wrongFile = join(dir, 'wrong');
    await writeFile(wrongFile, 'wrong passphrase');
    const root = await seededFileStorage(dir, keyFile);
    const archive = join(dir, 'backup.tar.gz');
    await cli(
      'backup',
      '-o',
      archive,
      '--from',
      `file:${root}`,
      '--encryption-key-file',
      keyFile,
      '--archive-key-file',
      passFile,
    );
    const bytes = await readFile(archive);
    const target = join(dir, 'target');
    await cli(
      'restore',
      archive,
      '--to',
      `file:${target}`,
      '--archive-key-file',
      passFile,
      '--skip-secrets',
      '--dry-run',
    );
    const before = await snapshotDir(target);

    const restoreBad = async (name: string, data: Buffer, pass = passFile) => {
      const file = join(dir, name);
      await writeFile(file, data);
      return cli(
        'restore',
        file,
        '--to',
        `file:${target}`,
        '--encryption-key-file',
        keyFile,
        '--archive-key-file',
        pass,
      );
    };
    await expect(
      restoreBad('truncated.tar.gz', bytes.subarray(0, Math.floor(bytes.length / 2))),
    ).rejects.toThrow(
      /cannot restore .*truncated\.tar\.gz: not a complete gzip stream.*truncated or damaged; nothing was written/,
    );
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    await expect(restoreBad('flipped.tar.gz', flipped)).rejects.toThrow(
      /cannot restore .*(damaged|gzip).*nothing was written/,
    );
    await expect(restoreBad('wrong-key.tar.gz', bytes, wrongFile)).rejects.toThrow(
      /wrong key: the archive was sealed with another passphrase; nothing was written/,
    );
    await expect(cli('restore', archive, '--to', `file:${target}`)).rejects.toThrow(
      /1 sealed object\(s\).*no key was given.*--skip-secrets/,
    );
    expect(await snapshotDir(target)).toEqual(before);
  });
});
