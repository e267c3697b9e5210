/**
 * Immutable ConfigMaps and Secrets (ValidateConfigMapUpdate / ValidateSecretUpdate): every write
 * path that updates — PUT, JSON/merge/strategic patches, server-side apply — answers 422 Invalid
 * with field causes and leaves the stored object as it was; metadata stays writable and deletion
 * stays allowed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cm, type Harness, harness, json } from '../testing/harness.js';

const CMS = '/api/v1/namespaces/x/configmaps';
const SECRETS = '/api/v1/namespaces/x/secrets';
const MESSAGE = 'Forbidden: field is immutable when `immutable` is set';

type Obj = { metadata: { resourceVersion: string; labels?: Record<string, string> }; data?: unknown };

describe('immutable ConfigMap and Secret', () => {
  let h: Harness;
  let stored: Obj;
  beforeEach(async () => {
    h = await harness();
    const res = await h.app.inject({ method: 'POST', url: CMS, payload: cm('frozen', { immutable: true }) });
    stored = json(res.body) as Obj;
  });
  afterEach(() => h.close());

  const patch = (contentType: string, payload: unknown, query = '') =>
    h.app.inject({
      method: 'PATCH',
      url: `${CMS}/frozen${query}`,
      headers: { 'content-type': contentType },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const current = async () => json((await h.app.inject(`${CMS}/frozen`)).body) as Obj;

  function expectRefused(res: { statusCode: number; body: string }, fields: string[]) {
    expect(res.statusCode).toBe(422);
    const status = json(res.body) as { reason: string; message: string; details: { causes: unknown[] } };
    expect(status.reason).toBe('Invalid');
    expect(status.details.causes).toEqual(
      fields.map((field) => ({ field, reason: 'FieldValueForbidden', message: MESSAGE })),
    );
    expect(status.message).toContain(`ConfigMap "frozen" is invalid: ${fields[0]}: ${MESSAGE}`);
  }

  it('refuses a PUT that changes data, and one that clears immutable, leaving the object unchanged', async () => {
    const changed = cm('frozen', { immutable: true, data: { k: 'other' } });
    expectRefused(await h.app.inject({ method: 'PUT', url: `${CMS}/frozen`, payload: changed }), ['data']);
    const thawed = cm('frozen', { immutable: false });
    expectRefused(await h.app.inject({ method: 'PUT', url: `${CMS}/frozen`, payload: thawed }), [
      'immutable',
    ]);
    const both = cm('frozen', { data: {}, binaryData: { b: 'AA==' } });
    expectRefused(await h.app.inject({ method: 'PUT', url: `${CMS}/frozen`, payload: both }), [
      'immutable',
      'data',
      'binaryData',
    ]);
    expect(await current()).toEqual(stored);
  });

  it('refuses merge, JSON and strategic patches and server-side apply that change data', async () => {
    expectRefused(await patch('application/merge-patch+json', { data: { k: 'm' } }), ['data']);
    expectRefused(
      await patch('application/json-patch+json', [{ op: 'replace', path: '/data/k', value: 'j' }]),
      ['data'],
    );
    expectRefused(await patch('application/strategic-merge-patch+json', { data: { n: 's' } }), ['data']);
    const applied =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frozen\nimmutable: true\ndata:\n  k: a\n';
    expectRefused(await patch('application/apply-patch+yaml', applied, '?fieldManager=test&force=true'), [
      'data',
    ]);
    expect(await current()).toEqual(stored);
  });

  it('still allows label changes, by PUT and by patch, and deletion', async () => {
    const labelled = cm('frozen', { immutable: true, metadata: { labels: { a: '1' } } });
    const put = await h.app.inject({ method: 'PUT', url: `${CMS}/frozen`, payload: labelled });
    expect(put.statusCode).toBe(200);
    const patched = await patch('application/merge-patch+json', { metadata: { labels: { b: '2' } } });
    expect(patched.statusCode).toBe(200);
    expect((await current()).metadata.labels).toEqual({ a: '1', b: '2' });
    expect((await h.app.inject({ method: 'DELETE', url: `${CMS}/frozen` })).statusCode).toBe(200);
    expect((await h.app.inject(`${CMS}/frozen`)).statusCode).toBe(404);
  });

  it('lets a mutable ConfigMap become immutable and change data in the same write', async () => {
    await h.app.inject({ method: 'POST', url: CMS, payload: cm('soft') });
    const res = await h.app.inject({
      method: 'PUT',
      url: `${CMS}/soft`,
      payload: cm('soft', { immutable: true, data: { k: 'last' } }),
    });
    expect(res.statusCode).toBe(200);
    expect(json(res.body)).toMatchObject({ immutable: true, data: { k: 'last' } });
  });

  it('refuses Secret data changes (stringData included) once immutable, and any type change', async () => {
    const secret = (extra: Record<string, unknown>) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { k: 'dg==' },
      ...extra,
    });
    expect((await h.app.inject({ method: 'POST', url: SECRETS, payload: secret({}) })).statusCode).toBe(201);
    const retyped = await h.app.inject({
      method: 'PUT',
      url: `${SECRETS}/s`,
      payload: secret({ type: 'example.com/other' }),
    });
    expect(retyped.statusCode).toBe(422);
    expect(json(retyped.body)).toMatchObject({
      details: {
        causes: [
          {
            field: 'type',
            reason: 'FieldValueInvalid',
            message: 'Invalid value: "example.com/other": field is immutable',
          },
        ],
      },
    });
    const frozen = await h.app.inject({
      method: 'PUT',
      url: `${SECRETS}/s`,
      payload: secret({ immutable: true }),
    });
    expect(frozen.statusCode).toBe(200);
    const viaStringData = await h.app.inject({
      method: 'PUT',
      url: `${SECRETS}/s`,
      payload: secret({ immutable: true, stringData: { extra: 'x' } }),
    });
    expect(viaStringData.statusCode).toBe(422);
    expect(json(viaStringData.body)).toMatchObject({
      details: { causes: [{ field: 'data', reason: 'FieldValueForbidden', message: MESSAGE }] },
    });
    const labelled = await h.app.inject({
      method: 'PATCH',
      url: `${SECRETS}/s`,
      headers: { 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ metadata: { labels: { ok: 'yes' } } }),
    });
    expect(labelled.statusCode).toBe(200);
    expect(json(labelled.body)).toMatchObject({ data: { k: 'dg==' }, metadata: { labels: { ok: 'yes' } } });
  });
});
