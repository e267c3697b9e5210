import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registry } from '@hs/resources';
import { afterAll, describe, expect, it } from 'vitest';
import { apiserverEndpoint } from '../backup/apiserver-endpoint.js';
import { startEmbeddedStack } from '../embedded/embedded-stack.js';
import { runProgram as cli } from '../test-helpers/in-process-cli.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const def = (kind: string) => registry.entries.find((d) => d.kind === kind)!;

describe('restore into a fresh install', () => {
  it('a backup of a running stack, restored into another, is served by its API server', {
    timeout: 120_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hs-cli-fresh-'));
    dirs.push(dir);
    const passFile = join(dir, 'pass');
    await writeFile(passFile, 'operator passphrase');
    const archive = join(dir, 'stack.tar.gz');
    const start = (name: string) =>
      startEmbeddedStack({ stateDir: join(dir, name), apiserverPort: 0, fileserverPort: 0, log: () => {} });

    const first = await start('first');
    try {
      const api = await apiserverEndpoint(first.kubeconfig);
      await api.create(
        def('ConfigMap'),
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'restored-config', namespace: 'higress-system' },
          data: { 'higress.yaml': 'x: 1\n' },
        },
        false,
      );
      await api.create(
        def('Secret'),
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'restored-secret', namespace: 'higress-system' },
          type: 'Opaque',
          stringData: { token: 'abc' },
        },
        false,
      );
      await cli('backup', '-o', archive, '--kubeconfig', first.kubeconfig, '--archive-key-file', passFile);
    } finally {
      await first.stop();
    }

    const second = await start('second');
    try {
      const created = await cli(
        'restore',
        archive,
        '--kubeconfig',
        second.kubeconfig,
        '--archive-key-file',
        passFile,
      );
      expect(created.at(-1)).toMatch(/[1-9]\d* created/);
      const api = await apiserverEndpoint(second.kubeconfig);
      const configmap = (await api.list(def('ConfigMap'))).find((o) => o.metadata.name === 'restored-config');
      expect(configmap?.data).toEqual({ 'higress.yaml': 'x: 1\n' });
      const secret = (await api.list(def('Secret'))).find((o) => o.metadata.name === 'restored-secret');
      expect(secret?.data).toEqual({ token: Buffer.from('abc').toString('base64') });
      const again = await cli(
        'restore',
        archive,
        '--kubeconfig',
        second.kubeconfig,
        '--archive-key-file',
        passFile,
      );
      expect(again.at(-1)).toMatch(/0 created, 0 updated, \d+ unchanged/);
    } finally {
      await second.stop();
    }
  });
});
