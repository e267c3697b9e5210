/**
 * Encryption key files. Two formats are accepted:
 *
 * 1. The Go original's --nacos-encryption-key-file: the file's raw bytes ARE the key, exactly 16,
 *    24 or 32 bytes, nothing trimmed (higress-standalone src/apiserver/pkg/options/options.go,
 *    NacosOptions.Validate; init.sh writes 32 printable characters). It becomes the legacy key that
 *    reads `enc|` values, and an AES-256-GCM key derived from it with HKDF-SHA256 (id
 *    `legacy-derived`) writes new values, so pointing the new server at the old file just works.
 *    A file of these sizes is never read as format 2 (a format-2 line is at least 45 bytes).
 *
 * 2. Our key list, UTF-8 text, one entry per line, `#` comments and blank lines ignored:
 *        <id>:<base64 of 32 bytes>        an AES-256-GCM key; the FIRST such line writes, all read
 *        legacy-cbc:<base64 of 16/24/32>  optional: the Go original's key, to read `enc|` values
 *    Rotation: add a new key as the first line, restart, let stale values be rewritten, then drop
 *    the old line.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isLegacyKeyLength } from './legacy-cbc.js';
import type { EncryptionKey, EncryptionTransformerOptions } from './transformer.js';

export const LEGACY_KEY_ID = 'legacy-cbc';
export const LEGACY_DERIVED_KEY_ID = 'legacy-derived';

export type EncryptionKeys = Pick<EncryptionTransformerOptions, 'keys' | 'legacyKey'>;

/** The AES-256-GCM key the server writes with when only a legacy key is configured. */
export function deriveKeyFromLegacy(legacyKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', legacyKey, Buffer.alloc(0), 'higress-standalone-ts aesgcm v1', 32));
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses key file bytes (see the module comment); errors name line numbers, never key material. */
export function parseEncryptionKeys(content: Uint8Array, source = 'key file'): EncryptionKeys {
  if (isLegacyKeyLength(content.length)) {
    const legacyKey = Buffer.from(content);
    return { keys: [{ id: LEGACY_DERIVED_KEY_ID, key: deriveKeyFromLegacy(legacyKey) }], legacyKey };
  }
  const keys: EncryptionKey[] = [];
  let legacyKey: Buffer | undefined;
  const lines = Buffer.from(content).toString('utf8').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${source} line ${i + 1}`;
    const sep = line.indexOf(':');
    if (sep <= 0) throw new Error(`${where}: expected <id>:<base64 key>`);
    const id = line.slice(0, sep).trim();
    const b64 = line.slice(sep + 1).trim();
    if (!BASE64.test(b64)) throw new Error(`${where}: key is not base64`);
    const key = Buffer.from(b64, 'base64');
    if (id === LEGACY_KEY_ID) {
      if (!isLegacyKeyLength(key.length)) throw new Error(`${where}: legacy key must be 16, 24 or 32 bytes`);
      if (legacyKey) throw new Error(`${where}: more than one legacy key`);
      legacyKey = key;
      return;
    }
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id) || id === LEGACY_DERIVED_KEY_ID) {
      throw new Error(`${where}: invalid key id`);
    }
    if (key.length !== 32) throw new Error(`${where}: key must be 32 bytes, got ${key.length}`);
    if (keys.some((k) => k.id === id)) throw new Error(`${where}: duplicate key id ${id}`);
    keys.push({ id, key });
  });
  if (legacyKey) keys.push({ id: LEGACY_DERIVED_KEY_ID, key: deriveKeyFromLegacy(legacyKey) });
  if (keys.length === 0) {
    throw new Error(`${source}: no keys (expected <id>:<base64 key> lines, or a raw 16/24/32-byte key)`);
  }
  return legacyKey ? { keys, legacyKey } : { keys };
}

export async function loadEncryptionKeys(file: string): Promise<EncryptionKeys> {
  return parseEncryptionKeys(await readFile(file), file);
}

/** A new random key entry. */
export const generateEncryptionKey = (id: string): EncryptionKey => ({ id, key: randomBytes(32) });

/** Serialises keys in format 2 (for the initializer); write the file with mode 0600. */
export function formatEncryptionKeys(keys: readonly EncryptionKey[], legacyKey?: Uint8Array): string {
  const lines = ['# AES-256-GCM keys for secrets at rest: the first writes, all read.'];
  for (const k of keys) {
    if (k.id !== LEGACY_DERIVED_KEY_ID) lines.push(`${k.id}:${Buffer.from(k.key).toString('base64')}`);
  }
  if (legacyKey) lines.push(`${LEGACY_KEY_ID}:${Buffer.from(legacyKey).toString('base64')}`);
  return `${lines.join('\n')}\n`;
}
