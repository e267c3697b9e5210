import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cm, type Harness, harness, json } from '../testing/harness.js';

const CMS = '/api/v1/namespaces/x/configmaps';

/** Every failure is a Status whose code equals the HTTP status, never Fastify's error body. */
function expectStatus(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  code: number,
  reason: string,
) {
  expect(res.statusCode).toBe(code);
  expect(res.headers['content-type']).toBe('application/json');
  const body = json(res.body);
  expect(body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  expect(body).not.toHaveProperty('statusCode');
  return body;
}

describe('bad input and error Status', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness('memory', { bodyLimit: 64 * 1024 });
  });
  afterAll(() => h.close());

  it('answers an unknown resource path with 404 NotFound', async () => {
    const body = expectStatus(await h.app.inject('/api/v1/namespaces/x/widgets'), 404, 'NotFound');
    expect(body.message).toBe('the server could not find the requested resource');
    expectStatus(await h.app.inject('/apis/nope.example.com/v1'), 404, 'NotFound');
    expectStatus(await h.app.inject('/totally/unknown'), 404, 'NotFound');
  });

  it('answers a verb the resource does not declare with 405 MethodNotAllowed', async () => {
    const put = await h.app.inject({ method: 'PUT', url: CMS, payload: cm('a') });
    expectStatus(put, 405, 'MethodNotAllowed');
    const crd = await h.app.inject({
      method: 'POST',
      url: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      payload: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'x' },
      },
    });
    expectStatus(crd, 405, 'MethodNotAllowed');
  });

  it('answers malformed JSON and YAML with 400 BadRequest and stores nothing', async () => {
    const badJson = await h.app.inject({
      method: 'POST',
      url: CMS,
      headers: { 'content-type': 'application/json' },
      payload: '{"apiVersion": "v1", "kind":',
    });
    expectStatus(badJson, 400, 'BadRequest');
    const badYaml = await h.app.inject({
      method: 'POST',
      url: CMS,
      headers: { 'content-type': 'application/yaml' },
      payload: 'apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n',
    });
    expectStatus(badYaml, 400, 'BadRequest');
    const notObject = await h.app.inject({
      method: 'POST',
      url: CMS,
      headers: { 'content-type': 'application/json' },
      payload: '[1,2]',
    });
    expectStatus(notObject, 400, 'BadRequest');
    expect(json((await h.app.inject(CMS)).body).items).toEqual([]);
  });

  it('answers an oversized body with 413', async () => {
    const big = cm('big', { data: { blob: 'x'.repeat(70 * 1024) } });
    expectStatus(
      await h.app.inject({ method: 'POST', url: CMS, payload: big }),
      413,
      'RequestEntityTooLarge',
    );
  });

  it('answers protobuf and other unknown body types with 415', async () => {
    const proto = await h.app.inject({
      method: 'POST',
      url: CMS,
      headers: { 'content-type': 'application/vnd.kubernetes.protobuf' },
      payload: Buffer.from('k8s\u0000\n\u000f\n\u0002v1'),
    });
    expectStatus(proto, 415, 'UnsupportedMediaType');
    const text = await h.app.inject({
      method: 'POST',
      url: CMS,
      headers: { 'content-type': 'text/plain' },
      payload: 'hi',
    });
    expectStatus(text, 415, 'UnsupportedMediaType');
  });

  it('answers a protobuf body sent to a path we do not serve with 404, not 415, whatever it holds', async () => {
    // kubectl create deployment / create token send protobuf: the missing resource is the error.
    for (const url of [
      '/apis/apps/v1/namespaces/x/deployments',
      '/api/v1/namespaces/x/serviceaccounts/default/token',
      '/apis/nope.example.com/v1/things',
    ]) {
      const res = await h.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/vnd.kubernetes.protobuf' },
        payload: Buffer.from('not protobuf at all'),
      });
      expect(expectStatus(res, 404, 'NotFound').message).toBe(
        'the server could not find the requested resource',
      );
    }
  });

  it('answers bad selectors, limits and query values with 400', async () => {
    expectStatus(await h.app.inject(`${CMS}?labelSelector=a%20in%20(`), 400, 'BadRequest');
    expectStatus(await h.app.inject(`${CMS}?fieldSelector=spec.unknown%3Dx`), 400, 'BadRequest');
    expectStatus(await h.app.inject(`${CMS}?limit=-1`), 400, 'BadRequest');
    expectStatus(await h.app.inject(`${CMS}?watch=maybe`), 400, 'BadRequest');
  });

  it('answers an unacceptable Accept with 406', async () => {
    expectStatus(await h.app.inject({ url: CMS, headers: { accept: 'text/html' } }), 406, 'NotAcceptable');
  });
});
