import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cm, type Harness, harness, json } from '../testing/harness.js';

const URL = '/api/v1/namespaces/default/configmaps';

// Patches whose result is no longer an object with object metadata (found by pnpm fuzz as 500s).
describe('PATCH results without object metadata', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness('memory');
    const res = await h.app.inject({ method: 'POST', url: URL, payload: cm('fz-a') });
    expect(res.statusCode).toBe(201);
  });
  afterEach(() => h.close());

  it.each([
    ['application/merge-patch+json', '{"metadata":null}', 'does not match the name on the URL (fz-a)'],
    [
      'application/strategic-merge-patch+json',
      '{"metadata":null}',
      'does not match the name on the URL (fz-a)',
    ],
    ['application/merge-patch+json', '{"metadata":"x"}', 'metadata is not a JSON object'],
    [
      'application/json-patch+json',
      '[{"op":"replace","path":"/metadata","value":[1]}]',
      'metadata is not a JSON object',
    ],
  ])('%s %s is 400 BadRequest and leaves the object as it was', async (type, body, message) => {
    const before = (await h.app.inject({ url: `${URL}/fz-a` })).body;
    const res = await h.app.inject({
      method: 'PATCH',
      url: `${URL}/fz-a`,
      headers: { 'content-type': type },
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect(json(res.body)).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
    expect(String(json(res.body).message)).toContain(message);
    expect((await h.app.inject({ url: `${URL}/fz-a` })).body).toBe(before);
  });
});

describe('warning headers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness('memory');
  });
  afterEach(() => h.close());

  it('carry a non-ASCII unknown field name as its UTF-8 bytes (was a broken answer)', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: `${URL}?fieldValidation=Warn`,
      payload: { ...cm('fz-w'), 'Ā\u0001': null },
    });
    expect(res.statusCode).toBe(201);
    const header = Buffer.from(String(res.headers.warning), 'latin1').toString('utf8');
    expect(header).toBe('299 - "unknown field "Ā ""'.replace('"Ā ""', '\\"Ā \\""'));
    expect(json(res.body).metadata).toMatchObject({ name: 'fz-w' });
  });
});
