/**
 * Malformed and repeated-key bodies, answered in the words of kube-apiserver's decoders (the
 * expected texts are those Go's encoding/json, sigs.k8s.io/json and go-yaml print for the inputs).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, harness, json } from '../testing/harness.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const APPLY = 'application/apply-patch+yaml';

describe('request bodies decoded as kube-apiserver decodes them', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness('memory');
    await h.app.inject({
      method: 'POST',
      url: CMS,
      payload: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'target' }, data: { k: 'v' } },
    });
  });
  afterEach(() => h.close());

  const send = (method: 'POST' | 'PATCH', url: string, contentType: string, payload: string) =>
    h.app.inject({ method, url, headers: { 'content-type': contentType }, payload });

  it('words a malformed create body as the serializer and create.go do', async () => {
    const res = await send('POST', CMS, 'application/json', '{"apiVersion":"v1","kind":"ConfigMap","data": ');
    expect(res.statusCode).toBe(400);
    expect(json(res.body).message).toBe(
      `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: unexpected end of JSON input ({"apiVersion":"v1","kind":"Con ...)`,
    );
    const yaml = await send('POST', CMS, 'application/yaml', 'data: [unclosed');
    expect(json(yaml.body).message).toBe(
      "the object provided is unrecognized (must be of type ConfigMap): error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']' (646174613a205b756e636c6f736564)",
    );
  });

  it('words malformed patches per patch type and fieldValidation', async () => {
    const item = `${CMS}/target`;
    const merge = await send('PATCH', item, 'application/merge-patch+json', '{"data": ');
    expect(json(merge.body)).toMatchObject({
      code: 400,
      message: 'error decoding patch: unexpected end of JSON input',
    });
    const ignored = await send(
      'PATCH',
      `${item}?fieldValidation=Ignore`,
      'application/merge-patch+json',
      '{"data": ',
    );
    expect(json(ignored.body).message).toBe('Invalid JSON Patch');
    const jsonPatch = await send('PATCH', item, 'application/json-patch+json', '[{"op": "add",x');
    expect(json(jsonPatch.body).message).toBe(
      "error decoding patch: invalid character 'x' looking for beginning of object key string",
    );
    const smp = await send('PATCH', item, 'application/strategic-merge-patch+json', '{"data":tru}');
    expect(json(smp.body).message).toBe("invalid character '}' in literal true (expecting 'e')");
    const apply = await send('PATCH', `${item}?fieldManager=m`, APPLY, 'data: [unclosed');
    expect(json(apply.body).message).toBe(
      "error decoding YAML: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'",
    );
  });

  it('answers a PATCH that is no patch type with go-restful’s 415', async () => {
    const res = await send('PATCH', `${CMS}/target`, 'text/plain', 'data: x');
    expect(res.statusCode).toBe(415);
    expect(json(res.body)).toMatchObject({
      reason: 'UnsupportedMediaType',
      message: '415: Unsupported Media Type',
      details: {},
    });
  });

  it('refuses, warns about or ignores a repeated JSON key by fieldValidation', async () => {
    const body = (name: string) =>
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},"data":{"k":"v","k":"w"}}`;
    const strict = await send('POST', `${CMS}?fieldValidation=Strict`, 'application/json', body('s'));
    expect(strict.statusCode).toBe(400);
    expect(json(strict.body).message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data.k"',
    );
    const warned = await send('POST', CMS, 'application/json', body('w'));
    expect(warned.statusCode).toBe(201);
    expect(warned.headers.warning).toBe('299 - "duplicate field \\"data.k\\""');
    expect(json(warned.body).data).toEqual({ k: 'w' });
    const ignored = await send('POST', `${CMS}?fieldValidation=Ignore`, 'application/json', body('i'));
    expect(ignored.statusCode).toBe(201);
    expect(ignored.headers.warning).toBeUndefined();
  });

  it('applies a YAML configuration with a repeated key (last wins) unless Strict', async () => {
    const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: target\ndata:\n  a: "1"\n  a: "2"\n';
    const strict = await send('PATCH', `${CMS}/target?fieldManager=m&fieldValidation=Strict`, APPLY, config);
    expect(strict.statusCode).toBe(400);
    expect(json(strict.body).message).toBe(
      'error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 7: key "a" already set in map',
    );
    const stored = json((await h.app.inject({ url: `${CMS}/target` })).body);
    expect(stored.data).toEqual({ k: 'v' });
    const warned = await send('PATCH', `${CMS}/target?fieldManager=m`, APPLY, config);
    expect(warned.statusCode).toBe(200);
    expect(warned.headers.warning).toBe('299 - "line 7: key \\"a\\" already set in map"');
    expect(json(warned.body).data).toEqual({ k: 'v', a: '2' });
  });

  it('answers a strict patch adding an unknown field with 422 on `patch`', async () => {
    const res = await send(
      'PATCH',
      `${CMS}/target?fieldValidation=Strict`,
      'application/merge-patch+json',
      '{"data":{"m":"x"},"unknownTop":1}',
    );
    expect(res.statusCode).toBe(422);
    const status = json(res.body);
    expect(status.reason).toBe('Invalid');
    expect(status.message).toMatch(
      /^ "" is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"v1\\",\\"data\\":\{\\"k\\":\\"v\\",\\"m\\":\\"x\\"\},\\"kind\\":\\"ConfigMap\\",\\"metadata\\":\{\\"name\\":\\"target\\",\\"namespace\\":\\"default\\",\\"uid\\":/,
    );
    expect(status.message).toMatch(
      /\\"unknownTop\\":1\}": strict decoding error: unknown field "unknownTop"$/,
    );
    expect(status.details).toEqual({
      causes: [
        {
          reason: 'FieldValueInvalid',
          field: 'patch',
          message: String(status.message).slice(' "" is invalid: patch: '.length),
        },
      ],
    });
    const warned = await send('PATCH', `${CMS}/target`, 'application/merge-patch+json', '{"unknownTop":1}');
    expect(warned.statusCode).toBe(200);
    expect(warned.headers.warning).toBe('299 - "unknown field \\"unknownTop\\""');
  });

  it('words a malformed continue token as DecodeContinue', async () => {
    const res = await h.app.inject({ url: `${CMS}?limit=1&continue=garbage!` });
    expect(res.statusCode).toBe(400);
    expect(json(res.body).message).toBe(
      'invalid continue token: continue key is not valid: illegal base64 data at input byte 7',
    );
  });
});
