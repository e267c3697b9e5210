import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deriveKeyFromLegacy,
  formatEncryptionKeys,
  generateEncryptionKey,
  LEGACY_DERIVED_KEY_ID,
  loadEncryptionKeys,
  parseEncryptionKeys,
} from './key-file.js';
import { createEncryptionTransformer } from './transformer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-keys-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('encryption key files', () => {
  it('reads the Go original key file (32 raw printable bytes) as legacy key plus a derived write key', async () => {
    const raw = 'Aq7#kP2!zR9$wX4&mN6*bV1^cL8@dF3%'; // what init.sh writes: 32 [:graph:] characters
    const file = join(dir, 'nacos.key');
    await writeFile(file, raw);
    const keys = await loadEncryptionKeys(file);
    expect(Buffer.from(keys.legacyKey!).toString()).toBe(raw);
    expect(keys.keys).toEqual([{ id: LEGACY_DERIVED_KEY_ID, key: deriveKeyFromLegacy(Buffer.from(raw)) }]);

    // data the Go original wrote with this key is readable through the loaded keys
    const key = Buffer.from(raw);
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    const ct = Buffer.concat([cipher.update('kind: Secret\n'), cipher.final()]).toString('base64url');
    const t = createEncryptionTransformer(keys);
    expect(t.fromStorage(`enc|${ct}`, 'k')).toEqual({ plaintext: 'kind: Secret\n', stale: true });
    expect(t.fromStorage(t.toStorage('x', 'k'), 'k')).toEqual({ plaintext: 'x', stale: false });
  });

  it('accepts 16- and 24-byte Go keys and derives the same write key every time', () => {
    expect(parseEncryptionKeys(Buffer.from('0123456789abcdef')).legacyKey?.length).toBe(16);
    expect(parseEncryptionKeys(Buffer.from('0123456789abcdef01234567')).legacyKey?.length).toBe(24);
    const a = parseEncryptionKeys(Buffer.from('0123456789abcdef')).keys[0]!.key;
    const b = parseEncryptionKeys(Buffer.from('0123456789abcdef')).keys[0]!.key;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('reads the key list format: first key writes, comments ignored, legacy key optional', () => {
    const k1 = generateEncryptionKey('k1');
    const k2 = generateEncryptionKey('k2');
    const legacy = randomBytes(16);
    const text = formatEncryptionKeys([k2, k1], legacy);
    expect(text.startsWith('#')).toBe(true);
    const parsed = parseEncryptionKeys(Buffer.from(`\n${text}\n# trailing comment\n`));
    expect(parsed.keys.map((k) => k.id)).toEqual(['k2', 'k1', LEGACY_DERIVED_KEY_ID]);
    expect(Buffer.from(parsed.keys[0]!.key).equals(Buffer.from(k2.key))).toBe(true);
    expect(Buffer.from(parsed.legacyKey!).equals(legacy)).toBe(true);
    // round trip through the formatter keeps the same set
    expect(parseEncryptionKeys(Buffer.from(formatEncryptionKeys(parsed.keys, parsed.legacyKey)))).toEqual(
      parsed,
    );
  });

  it('rejects bad files with line numbers and without echoing key material', () => {
    const short = Buffer.from('k1:c2hvcnQ=\n');
    expect(() => parseEncryptionKeys(short, 'keys.txt')).toThrow(
      'keys.txt line 1: key must be 32 bytes, got 5',
    );
    expect(() => parseEncryptionKeys(Buffer.from('# a file with nothing but comments\n'))).toThrow(/no keys/);
    expect(() => parseEncryptionKeys(Buffer.from(`${'x'.repeat(33)}`))).toThrow(/expected <id>:<base64 key>/);
    const dup = `k1:${randomBytes(32).toString('base64')}\nk1:${randomBytes(32).toString('base64')}\n`;
    expect(() => parseEncryptionKeys(Buffer.from(dup))).toThrow(/line 2: duplicate key id/);
    const secretish = `bad id!:${randomBytes(32).toString('base64')}`;
    try {
      parseEncryptionKeys(Buffer.from(secretish));
    } catch (e) {
      expect((e as Error).message).toBe('key file line 1: invalid key id');
    }
  });
});
