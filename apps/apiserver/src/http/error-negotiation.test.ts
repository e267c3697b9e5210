/**
 * Error Statuses are encoded with the negotiated serializer (ErrorNegotiated): YAML when the
 * client's Accept puts YAML first, JSON otherwise — also when nothing in the Accept header is
 * served (protobuf only, Table only), so the error is never hidden behind a 406.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { cm, type Harness, harness, json } from '../testing/harness.js';

const CMS = '/api/v1/namespaces/x/configmaps';
const YAML_ONLY = { accept: 'application/yaml' };
const PROTOBUF_FIRST = { accept: 'application/vnd.kubernetes.protobuf, application/json' };

type Reply = { statusCode: number; body: string; headers: Record<string, unknown> };

function yamlStatus(res: Reply, code: number, reason: string): Record<string, unknown> {
  expect(res.statusCode).toBe(code);
  expect(res.headers['content-type']).toBe('application/yaml');
  const body = YAML.parse(res.body) as Record<string, unknown>;
  expect(body).toMatchObject({ apiVersion: 'v1', kind: 'Status', status: 'Failure', code, reason });
  return body;
}

function jsonStatus(res: Reply, code: number, reason: string): Record<string, unknown> {
  expect(res.statusCode).toBe(code);
  expect(res.headers['content-type']).toBe('application/json');
  const body = json(res.body);
  expect(body).toMatchObject({ kind: 'Status', code, reason });
  return body;
}

describe('error Status negotiation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  const invalidCm = () => cm('Not_Valid');
  const malformed = { 'content-type': 'application/json' };

  it('answers YAML for Accept: application/yaml — 404, 422 with causes, 400 for a malformed body', async () => {
    const missing = yamlStatus(
      await h.app.inject({ url: `${CMS}/nope`, headers: YAML_ONLY }),
      404,
      'NotFound',
    );
    expect(missing.message).toBe('configmaps "nope" not found');
    expect(missing.details).toEqual({ name: 'nope', kind: 'configmaps' });

    const invalid = await h.app.inject({
      method: 'POST',
      url: CMS,
      headers: YAML_ONLY,
      payload: invalidCm(),
    });
    const body = yamlStatus(invalid, 422, 'Invalid');
    expect((body.details as { causes: Array<{ field: string }> }).causes[0]?.field).toBe('metadata.name');

    const bad = await h.app.inject({
      method: 'POST',
      url: CMS,
      headers: { ...YAML_ONLY, ...malformed },
      payload: '{"apiVersion": "v1", "kind":',
    });
    yamlStatus(bad, 400, 'BadRequest');
    yamlStatus(await h.app.inject({ url: '/no/such/path', headers: YAML_ONLY }), 404, 'NotFound');
  });

  it('answers JSON for a protobuf-first Accept, as for no Accept at all', async () => {
    jsonStatus(await h.app.inject({ url: `${CMS}/nope`, headers: PROTOBUF_FIRST }), 404, 'NotFound');
    const invalid = await h.app.inject({
      method: 'POST',
      url: CMS,
      headers: PROTOBUF_FIRST,
      payload: invalidCm(),
    });
    jsonStatus(invalid, 422, 'Invalid');
    const bad = await h.app.inject({
      method: 'POST',
      url: CMS,
      headers: { ...PROTOBUF_FIRST, ...malformed },
      payload: '[1,',
    });
    jsonStatus(bad, 400, 'BadRequest');
    jsonStatus(await h.app.inject(`${CMS}/nope`), 404, 'NotFound');
  });

  it('falls back to JSON with the original code when nothing in Accept is served', async () => {
    // Errors raised before a handler negotiates its answer: unknown paths and undecodable bodies.
    for (const accept of [
      'application/vnd.kubernetes.protobuf',
      'application/yaml;as=Table;g=meta.k8s.io;v=v1',
    ]) {
      jsonStatus(await h.app.inject({ url: '/no/such/path', headers: { accept } }), 404, 'NotFound');
      const bad = await h.app.inject({
        method: 'POST',
        url: CMS,
        headers: { accept, ...malformed },
        payload: '{',
      });
      jsonStatus(bad, 400, 'BadRequest');
    }
    jsonStatus(await h.app.inject({ url: CMS, headers: { accept: 'text/html' } }), 406, 'NotAcceptable');
  });

  it('picks YAML when YAML outranks JSON by q, and skips transform clauses errors cannot use', async () => {
    const ranked = { accept: 'application/json;q=0.5, application/yaml' };
    yamlStatus(await h.app.inject({ url: `${CMS}/nope`, headers: ranked }), 404, 'NotFound');
    const tableThenYaml = { accept: 'application/json;as=Table;g=meta.k8s.io;v=v1, application/yaml' };
    yamlStatus(await h.app.inject({ url: `${CMS}/nope`, headers: tableThenYaml }), 404, 'NotFound');
  });
});
