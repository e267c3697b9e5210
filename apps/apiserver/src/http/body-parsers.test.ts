import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness, json } from '../testing/harness.js';

// An alias bomb: each level multiplies the nodes by nine (found by pnpm fuzz as a 500).
const ALIAS_BOMB = `a: &a ["x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]
`;

describe('YAML request bodies', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness('memory');
  });
  afterEach(() => h.close());

  it('refuses a YAML alias bomb with 400 BadRequest and stores nothing', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/namespaces/default/configmaps',
      headers: { 'content-type': 'application/yaml' },
      payload: ALIAS_BOMB,
    });
    expect(res.statusCode).toBe(400);
    const status = json(res.body);
    expect(status).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
    expect(String(status.message)).toContain('error converting YAML to JSON');
    const list = json((await h.app.inject({ url: '/api/v1/namespaces/default/configmaps' })).body);
    expect(list.items).toEqual([]);
  });

  it('still expands a few aliases', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/namespaces/default/configmaps',
      headers: { 'content-type': 'application/yaml' },
      payload: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aliased}\ndata: {a: &v one, b: *v}\n',
    });
    expect(res.statusCode).toBe(201);
    expect(json(res.body).data).toEqual({ a: 'one', b: 'one' });
  });
});
