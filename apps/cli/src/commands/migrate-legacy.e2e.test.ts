import { createCipheriv } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storageEndpoint } from '@hs/backup';
import { NacosClient } from '@hs/nacos-client';
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

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** higress-standalone's secret encryption (nacos_rest.go encryptConfig): AES-CBC, IV = key[0:16], base64url. */
function goEncrypt(text: string, key: Buffer): string {
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  return `enc|${Buffer.concat([cipher.update(text), cipher.final()]).toString('base64url')}`;
}

describe('migrate from higress-standalone', () => {
  it('moves its Nacos layout (MD5 resourceVersions, enc| secrets) into a file storage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hs-cli-migrate-'));
    dirs.push(dir);
    const goKey = Buffer.from('Aq7#kP2!zR9$wX4&mN6*bV1^cL8@dF3%');
    const goKeyFile = join(dir, 'nacos.key');
    await writeFile(goKeyFile, goKey);
    const keysFile = join(dir, 'keys');
    await writeFile(keysFile, formatEncryptionKeys([generateEncryptionKey('k1')]));
    const nacos = await nacosTarget();
    try {
      const raw = new NacosClient({
        serverUrl: nacos.url,
        username: nacos.username,
        password: nacos.password,
      });
      await raw.connect();
      const at = (group: string, dataId: string) => ({ tenant: nacos.tenant, group, dataId });
      await raw.publish(
        at('higress-system', 'configmaps.higress-config'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: higress-config\n  namespace: higress-system\n  resourceVersion: 0cc175b9c0f1b6a831c399e269772661\ndata:\n  higress: "tracing: {}"\n',
      );
      const secret =
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: higress-system\n  resourceVersion: 92eb5ffee6ae2fec3ad71c777531578f\ntype: Opaque\ndata:\n  password: c2VjcmV0\n';
      await raw.publish(at('higress-system', 'secrets.creds'), goEncrypt(secret, goKey));
      await raw.publish(at('DEFAULT_GROUP', 'configmaps.__names__'), 'higress-system/higress-config');
      await raw.publish(at('DEFAULT_GROUP', 'secrets.__names__'), 'higress-system/creds');

      const auth = nacos.username ? `${nacos.username}:${nacos.password}@` : '';
      const from = `nacos:${nacos.url.replace('://', `://${auth}`)}?ns-id=${nacos.tenant}`;
      const target = join(dir, 'data');
      const out = await cli(
        'migrate',
        '--from',
        from,
        '--from-nacos-encryption-key-file',
        goKeyFile,
        '--to',
        `file:${target}`,
        '--to-encryption-key-file',
        keysFile,
      );
      expect(out.at(-1)).toMatch(/2 created, 0 updated, 0 unchanged/);

      const keys = await loadEncryptionKeys(keysFile);
      const storage = await createStorage({
        driver: createFileDriver({ rootDir: target }),
        registry,
        transformer: createEncryptionTransformer({ keys: keys.keys }),
      });
      const ep = storageEndpoint(storage, 'check');
      const def = (kind: string) => registry.entries.find((d) => d.kind === kind)!;
      const [cm] = await ep.list(def('ConfigMap'));
      const [s] = await ep.list(def('Secret'));
      await ep.close();
      expect(cm?.data).toEqual({ higress: 'tracing: {}' });
      expect(cm?.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(s?.data).toEqual({ password: 'c2VjcmV0' });
    } finally {
      await nacos.close();
    }
  });
});
