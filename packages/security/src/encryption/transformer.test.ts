import { createCipheriv, randomBytes } from 'node:crypto';
import { isStorageError } from '@hs/apimachinery';
import { describe, expect, it } from 'vitest';
import { createEncryptionTransformer, ENVELOPE_PREFIX } from './transformer.js';

const SECRET_YAML =
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls\ndata:\n  tls.key: c3VwZXItc2VjcmV0\n';
const KEY = '/registry/secrets/higress-system/tls';
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

/**
 * The Go original's scheme, written from its parameters (utils/encryption.go AesEncrypt +
 * nacos_rest.go encryptConfig): AES-CBC with the raw key, IV = first 16 key bytes, PKCS#5 padding,
 * `enc|` + base64.URLEncoding (URL alphabet WITH padding). Padding is done by hand here so the test
 * does not share the implementation's assumptions.
 */
function goOriginalEncrypt(plaintext: string, key: Buffer): string {
  const data = Buffer.from(plaintext, 'utf8');
  const pad = 16 - (data.length % 16);
  const padded = Buffer.concat([data, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv(`aes-${key.length * 8}-cbc`, key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  const ct = Buffer.concat([cipher.update(padded), cipher.final()]);
  return `enc|${ct.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
}

describe('createEncryptionTransformer', () => {
  const t = createEncryptionTransformer({ keys: [k1, k2] });

  it('round-trips and never stores the plaintext', () => {
    const stored = t.toStorage(SECRET_YAML, KEY);
    expect(stored.startsWith(`${ENVELOPE_PREFIX}k1:`)).toBe(true);
    expect(stored).not.toContain('c3VwZXItc2VjcmV0');
    expect(stored).not.toContain('Secret');
    expect(t.fromStorage(stored, KEY)).toEqual({ plaintext: SECRET_YAML, stale: false });
  });

  it('uses a random nonce: two encryptions of the same value differ', () => {
    expect(t.toStorage(SECRET_YAML, KEY)).not.toBe(t.toStorage(SECRET_YAML, KEY));
  });

  it('detects tampering anywhere in the ciphertext', () => {
    const stored = t.toStorage(SECRET_YAML, KEY);
    const body = Buffer.from(stored.slice(`${ENVELOPE_PREFIX}k1:`.length), 'base64');
    for (const index of [0, 12, body.length - 1]) {
      const tampered = Buffer.from(body);
      tampered[index] = (tampered[index] ?? 0) ^ 1;
      const value = `${ENVELOPE_PREFIX}k1:${tampered.toString('base64')}`;
      expect(() => t.fromStorage(value, KEY)).toThrow(/authentication failed/);
    }
    expect(() => t.fromStorage(`${ENVELOPE_PREFIX}k1:AAAA`, KEY)).toThrow(/too short/);
  });

  it('binds the storage key: a value moved to another key does not decrypt', () => {
    const stored = t.toStorage(SECRET_YAML, KEY);
    let err: unknown;
    try {
      t.fromStorage(stored, '/registry/secrets/default/stolen');
    } catch (e) {
      err = e;
    }
    expect(isStorageError(err, 'Corrupt')).toBe(true);
    expect((err as Error).message).toContain('/registry/secrets/default/stolen');
    expect((err as Error).message).not.toContain('c3VwZXItc2VjcmV0');
  });

  it('rotation: values under an old key stay readable and are flagged stale', () => {
    const old = createEncryptionTransformer({ keys: [k1] }).toStorage(SECRET_YAML, KEY);
    const rotated = createEncryptionTransformer({ keys: [k2, k1] });
    expect(rotated.fromStorage(old, KEY)).toEqual({ plaintext: SECRET_YAML, stale: true });
    const rewritten = rotated.toStorage(SECRET_YAML, KEY);
    expect(rewritten.startsWith(`${ENVELOPE_PREFIX}k2:`)).toBe(true);
    expect(rotated.fromStorage(rewritten, KEY).stale).toBe(false);
    expect(() => createEncryptionTransformer({ keys: [k2] }).fromStorage(old, KEY)).toThrow(
      /unknown key id "k1"/,
    );
  });

  it.each([16, 24, 32])('reads the Go original enc| format with a %i-byte key (stale)', (len) => {
    const legacyKey = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyzABCD'.slice(0, len));
    const tl = createEncryptionTransformer({ keys: [k1], legacyKey });
    for (const text of [SECRET_YAML, '', 'x'.repeat(16), 'ünïcödé ✓']) {
      expect(tl.fromStorage(goOriginalEncrypt(text, legacyKey), KEY)).toEqual({
        plaintext: text,
        stale: true,
      });
    }
  });

  it('refuses enc| values without a legacy key or under a wrong one, without leaking data', () => {
    const legacyKey = randomBytes(32);
    const value = goOriginalEncrypt(SECRET_YAML, legacyKey);
    expect(() => t.fromStorage(value, KEY)).toThrow(/no legacy key/);
    const wrong = createEncryptionTransformer({ keys: [k1], legacyKey: randomBytes(32) });
    let message = '';
    try {
      wrong.fromStorage(value, KEY);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/could not be decrypted|bad length/);
    expect(message).not.toContain('c3VwZXItc2VjcmV0');
    expect(() => wrong.fromStorage('enc|not base64!', KEY)).toThrow(/not base64url/);
  });

  it('reads unmarked values as plaintext (stale) unless told not to', () => {
    expect(t.fromStorage(SECRET_YAML, KEY)).toEqual({ plaintext: SECRET_YAML, stale: true });
    const strict = createEncryptionTransformer({ keys: [k1], acceptPlaintext: false });
    expect(() => strict.fromStorage(SECRET_YAML, KEY)).toThrow(/not encrypted/);
    expect(() => t.fromStorage('k8s:enc:kms:v2:x:abc', KEY)).toThrow(/unsupported/);
  });

  it('validates its keys', () => {
    expect(() => createEncryptionTransformer({ keys: [] })).toThrow(/at least one key/);
    expect(() => createEncryptionTransformer({ keys: [{ id: 'a', key: randomBytes(16) }] })).toThrow(
      /32 bytes/,
    );
    expect(() => createEncryptionTransformer({ keys: [{ id: 'a:b', key: randomBytes(32) }] })).toThrow(
      /key id/,
    );
    expect(() => createEncryptionTransformer({ keys: [k1, k1] })).toThrow(/duplicate/);
  });
});
