import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { restampResourceVersion } from './restamp.js';

const obj = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'a', namespace: 'ns' },
  data: { k: 'v' },
};

describe('restampResourceVersion', () => {
  it('restamps hand-written YAML in place, keeping comments and layout', () => {
    const text =
      '# edited by hand\nkind: ConfigMap\nmetadata:\n  name: a # the name\n  resourceVersion: "3"\ndata: {k: v}\n';
    const out = restampResourceVersion(text, 42);
    expect(out).toContain('# edited by hand');
    expect(out).toContain('# the name');
    const restamped = parse(out);
    expect(restamped).toEqual({
      kind: 'ConfigMap',
      metadata: {
        name: 'a',
        resourceVersion: '42',
        uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        creationTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
      data: { k: 'v' },
    });
    const again = parse(restampResourceVersion(out, 43));
    expect(again.metadata).toEqual({ ...restamped.metadata, resourceVersion: '43' });
  });

  it('restamps JSON values and leaves values it cannot read unchanged', () => {
    expect(JSON.parse(restampResourceVersion(JSON.stringify(obj), 7)).metadata.resourceVersion).toBe('7');
    expect(restampResourceVersion('enc|v2|opaque', 7)).toBe('enc|v2|opaque');
    expect(restampResourceVersion('metadata: [broken', 7)).toBe('metadata: [broken');
    expect(restampResourceVersion('- a list\n', 7)).toBe('- a list\n');
  });
});
