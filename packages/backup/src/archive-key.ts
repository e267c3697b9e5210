/**
 * The archive key: 32 bytes derived by scrypt from the operator's passphrase and a random salt
 * kept in the manifest; every sealed entry gets its own random 96-bit nonce and is bound to its
 * entry name as AES-GCM additional data, so entries cannot be swapped or renamed unnoticed.
 * node:crypto provides both primitives; no library is needed (decision 0021).
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import type { KdfParams } from './archive-format.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_CHECK_TEXT = 'higress-standalone-ts backup key check';
const KEY_CHECK_AAD = 'key-check';
/** scrypt cost: 2^15 × 8 × 128 B = 32 MiB of memory, well under a second. */
const DEFAULT_KDF = { N: 2 ** 15, r: 8, p: 1 } as const;

export class ArchiveKey {
  private constructor(
    private readonly key: Buffer,
    readonly kdf: KdfParams,
  ) {}

  /** A fresh key for a new archive (new salt). */
  static async create(passphrase: string): Promise<ArchiveKey> {
    const kdf: KdfParams = { name: 'scrypt', salt: randomBytes(16).toString('base64'), ...DEFAULT_KDF };
    return new ArchiveKey(await derive(passphrase, kdf), kdf);
  }

  /** The key of an existing archive, from its manifest's KDF parameters. */
  static async derive(passphrase: string, kdf: KdfParams): Promise<ArchiveKey> {
    return new ArchiveKey(await derive(passphrase, kdf), kdf);
  }

  seal(plaintext: Buffer, aad: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]);
  }

  /** Undefined when the bytes were not sealed by this key for this entry name (or were altered). */
  open(sealed: Buffer, aad: string): Buffer | undefined {
    if (sealed.length < NONCE_BYTES + TAG_BYTES) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      return undefined;
    }
  }

  keyCheck(): string {
    return this.seal(Buffer.from(KEY_CHECK_TEXT), KEY_CHECK_AAD).toString('base64');
  }

  matches(keyCheck: string): boolean {
    return this.open(Buffer.from(keyCheck, 'base64'), KEY_CHECK_AAD)?.toString() === KEY_CHECK_TEXT;
  }
}

function derive(passphrase: string, kdf: KdfParams): Promise<Buffer> {
  if (passphrase.length === 0) throw new Error('the archive passphrase is empty');
  const salt = Buffer.from(kdf.salt, 'base64');
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase,
      salt,
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}
