/**
 * The Go original's secret encryption, read-only here. higress-standalone
 * src/apiserver/pkg/registry/nacos_rest.go (encryptConfig / decryptConfig, ~lines 744-772) stores
 * `enc|` + base64.URLEncoding (URL alphabet, with padding) of
 * src/apiserver/pkg/utils/encryption.go AesEncrypt: AES-CBC with the raw key (16/24/32 bytes →
 * AES-128/192/256), IV = the first 16 bytes of the key, PKCS#5/7 padding, no MAC.
 * Unauthenticated, so a successful decryption proves little; we only ever read this format.
 */
import { createDecipheriv } from 'node:crypto';

export const LEGACY_PREFIX = 'enc|';

export const isLegacyKeyLength = (n: number) => n === 16 || n === 24 || n === 32;

/** Decrypts a value without the `enc|` prefix; throws a generic Error (no data in the message). */
export function decryptLegacy(payload: string, key: Uint8Array): string {
  if (!isLegacyKeyLength(key.length)) throw new Error('legacy key must be 16, 24 or 32 bytes');
  // Go's URLEncoding is strict about its alphabet; reject anything else instead of guessing.
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(payload)) throw new Error('legacy value is not base64url');
  const data = Buffer.from(payload, 'base64url');
  if (data.length === 0 || data.length % 16 !== 0) throw new Error('legacy value has a bad length');
  const decipher = createDecipheriv(`aes-${key.length * 8}-cbc`, key, key.subarray(0, 16));
  try {
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('legacy value could not be decrypted');
  }
}
