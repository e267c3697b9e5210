/**
 * Encryption at rest: a ValueTransformer (the @hs/storage hook) that writes AES-256-GCM envelopes and reads
 * them, the Go original's `enc|` format and (optionally) plaintext, in the manner of kube-apiserver's
 * aesgcm provider (k8s.io/apiserver/pkg/storage/value/encrypt/aes) and its prefix transformers.
 *
 * Envelope: `k8s:enc:aesgcm:v1:<keyId>:` + base64(nonce[12] | ciphertext | tag[16]); a fresh random
 * nonce per write; the storage key is the additional authenticated data, so a value copied under
 * another key (another object) does not decrypt. The first key writes, all keys read; reading under
 * a non-first key, the legacy format or plaintext reports `stale` so the store rewrites it.
 * Errors are StorageError `Corrupt` naming only the storage key: never plaintext, never key bytes.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { StorageError, type ValueTransformer } from '@hs/apimachinery';
import { decryptLegacy, LEGACY_PREFIX } from './legacy-cbc.js';

export const ENVELOPE_PREFIX = 'k8s:enc:aesgcm:v1:';

export interface EncryptionKey {
  /** Written into every envelope; letters, digits, `.`, `_`, `-`. */
  id: string;
  /** 32 bytes (AES-256). */
  key: Uint8Array;
}

export interface EncryptionTransformerOptions {
  /** Non-empty; the first encrypts, all decrypt. */
  keys: readonly EncryptionKey[];
  /** The Go original's key (16/24/32 raw bytes) to read `enc|` values. */
  legacyKey?: Uint8Array;
  /**
   * Read values that carry no envelope as plaintext (stale), as the Go original did for unmarked
   * content, so data written before encryption was on stays readable. Default true.
   */
  acceptPlaintext?: boolean;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const NONCE = 12;
const TAG = 16;

export function createEncryptionTransformer(options: EncryptionTransformerOptions): ValueTransformer {
  if (options.keys.length === 0) throw new Error('encryption: at least one key is required');
  const keys = new Map<string, Buffer>();
  for (const k of options.keys) {
    if (!KEY_ID.test(k.id)) throw new Error(`encryption: invalid key id ${JSON.stringify(k.id)}`);
    if (k.key.length !== 32) throw new Error(`encryption: key ${k.id} must be 32 bytes, got ${k.key.length}`);
    if (keys.has(k.id)) throw new Error(`encryption: duplicate key id ${k.id}`);
    keys.set(k.id, Buffer.from(k.key));
  }
  const writeId = options.keys[0]!.id;
  const writeKey = keys.get(writeId)!;
  const legacyKey = options.legacyKey ? Buffer.from(options.legacyKey) : undefined;
  const acceptPlaintext = options.acceptPlaintext ?? true;
  const corrupt = (storageKey: string, why: string) =>
    new StorageError('Corrupt', storageKey, `cannot decrypt the value stored at ${storageKey}: ${why}`);

  return {
    toStorage(plaintext, storageKey) {
      const nonce = randomBytes(NONCE);
      const cipher = createCipheriv('aes-256-gcm', writeKey, nonce);
      cipher.setAAD(Buffer.from(storageKey, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${ENVELOPE_PREFIX}${writeId}:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64')}`;
    },

    fromStorage(stored, storageKey) {
      if (stored.startsWith(ENVELOPE_PREFIX)) {
        const rest = stored.slice(ENVELOPE_PREFIX.length);
        const sep = rest.indexOf(':');
        if (sep <= 0) throw corrupt(storageKey, 'malformed envelope');
        const id = rest.slice(0, sep);
        const key = keys.get(id);
        if (!key) throw corrupt(storageKey, `unknown key id ${JSON.stringify(id.slice(0, 64))}`);
        const data = Buffer.from(rest.slice(sep + 1), 'base64');
        if (data.length < NONCE + TAG) throw corrupt(storageKey, 'envelope too short');
        try {
          const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, NONCE));
          decipher.setAAD(Buffer.from(storageKey, 'utf8'));
          decipher.setAuthTag(data.subarray(data.length - TAG));
          const plain = Buffer.concat([
            decipher.update(data.subarray(NONCE, data.length - TAG)),
            decipher.final(),
          ]);
          return { plaintext: plain.toString('utf8'), stale: id !== writeId };
        } catch {
          throw corrupt(storageKey, 'authentication failed (tampered data, wrong key or moved value)');
        }
      }
      if (stored.startsWith(LEGACY_PREFIX)) {
        if (!legacyKey) throw corrupt(storageKey, 'legacy enc| value but no legacy key is configured');
        try {
          return { plaintext: decryptLegacy(stored.slice(LEGACY_PREFIX.length), legacyKey), stale: true };
        } catch (err) {
          throw corrupt(storageKey, (err as Error).message);
        }
      }
      if (stored.startsWith('k8s:enc:')) throw corrupt(storageKey, 'unsupported encryption provider');
      if (!acceptPlaintext) throw corrupt(storageKey, 'value is not encrypted');
      return { plaintext: stored, stale: true };
    },
  };
}
