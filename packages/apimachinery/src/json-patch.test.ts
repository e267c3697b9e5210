import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch.js';
import { StatusError } from './status.js';

const doc = { metadata: { name: 'a' }, data: { k: 'v', nested: { x: '1' } } };

const refusal = (patch: unknown): StatusError => {
  try {
    applyJsonPatch(doc, patch);
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('the patch was applied');
};

// Found by pnpm fuzz: moving the document root into a child overflowed the stack (500).
describe('JSON patch move into its own child', () => {
  it.each([
    ['', '/data/k'],
    ['/data', '/data/nested/y'],
    ['/data/nested', '/data/nested/x'],
  ])('from %j to %j is 422 Invalid and leaves the document as it was', (from, path) => {
    const before = JSON.stringify(doc);
    const err = refusal([{ op: 'move', from, path }]);
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(String((err as { cause?: unknown }).cause)).toContain('is a parent of "path"');
    expect(err.details).toEqual({});
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('still moves between siblings and onto itself', () => {
    expect(applyJsonPatch(doc, [{ op: 'move', from: '/data/k', path: '/data/kk' }])).toMatchObject({
      data: { kk: 'v', nested: { x: '1' } },
    });
    expect(applyJsonPatch(doc, [{ op: 'move', from: '/data', path: '/data' }])).toEqual(doc);
    expect(applyJsonPatch(doc, [{ op: 'move', from: '/data/k', path: '/data/kx' }])).toHaveProperty(
      'data.kx',
      'v',
    );
  });
});
