/** Driver configs: the Nacos base URL of the Go original's flag, and the encryption transformer from key files. */
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nacosBaseUrl, transformerFor } from './storage.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-storage-config-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The Go original's secret encoding (higress-standalone utils/encryption.go): AES-CBC, IV = key[:16]. */
function legacyEncrypt(key: Buffer, plaintext: string): string {
  const cipher = createCipheriv(`aes-${key.length * 8}-cbc`, key, key.subarray(0, 16));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  // Go's base64.URLEncoding: the URL alphabet with '=' padding.
  return `enc|${data.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
}

describe('nacosBaseUrl', () => {
  it('adds the /nacos context path to a bare server address, keeps an explicit one', () => {
    expect(nacosBaseUrl('http://nacos:8848')).toBe('http://nacos:8848/nacos');
    expect(nacosBaseUrl('http://nacos:8848/')).toBe('http://nacos:8848/nacos');
    expect(nacosBaseUrl('http://127.0.0.1:8848/custom/')).toBe('http://127.0.0.1:8848/custom');
  });
});

describe('transformerFor', () => {
  it('is identity without key files and for memory storage', async () => {
    expect(await transformerFor({ type: 'file', rootDir: dir })).toBeUndefined();
    expect(await transformerFor({ type: 'memory' })).toBeUndefined();
  });

  it('writes with our first key and still reads the Go original values under its raw key', async () => {
    const legacyKey = randomBytes(16);
    await writeFile(join(dir, 'legacy'), legacyKey);
    await writeFile(join(dir, 'keys'), `new:${randomBytes(32).toString('base64')}\n`);
    const t = await transformerFor({
      type: 'nacos',
      server: 'http://127.0.0.1:8848',
      namespaceId: 'higress-system',
      encryptionKeyFile: join(dir, 'keys'),
      legacyEncryptionKeyFile: join(dir, 'legacy'),
    });
    if (!t) throw new Error('expected a transformer');
    const sealed = t.toStorage('hello', '/secrets/x/a');
    expect(sealed.startsWith('k8s:enc:aesgcm:v1:new:')).toBe(true);
    expect(t.fromStorage(sealed, '/secrets/x/a')).toEqual({ plaintext: 'hello', stale: false });
    const legacy = legacyEncrypt(legacyKey, 'old-secret: yes');
    expect(t.fromStorage(legacy, '/secrets/x/b')).toEqual({ plaintext: 'old-secret: yes', stale: true });
  });

  it('with only the raw legacy key, writes under a key derived from it', async () => {
    await writeFile(join(dir, 'legacy'), randomBytes(32));
    const t = await transformerFor({
      type: 'file',
      rootDir: dir,
      legacyEncryptionKeyFile: join(dir, 'legacy'),
    });
    expect(t?.toStorage('v', 'k').startsWith('k8s:enc:aesgcm:v1:')).toBe(true);
  });
});
