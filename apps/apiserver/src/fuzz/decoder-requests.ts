/**
 * One request family per decoder: each aims the inputs of decoder-inputs.ts at the endpoint that
 * decodes them, on the fuzz target's seed objects (ConfigMap and Secret `fz-a` in `default`).
 */
import fc from 'fast-check';
import {
  applyBody,
  continueToken,
  fieldSelector,
  jsonPatch,
  labelSelector,
  mergePatch,
  protobufBody,
  QUERY_VALUES,
  resourceVersion,
  resourceVersionMatch,
  strategicPatch,
  yamlText,
} from './decoder-inputs.js';
import { anyJson, name } from './hostile.js';
import type { FuzzRequest } from './target.js';

const CM = '/api/v1/namespaces/default/configmaps';
const COLLECTIONS = fc.constantFrom(
  CM,
  '/api/v1/namespaces/default/secrets',
  '/api/v1/configmaps',
  '/api/v1/namespaces',
);
const TARGETS = fc.constantFrom(`${CM}/fz-a`, '/api/v1/namespaces/default/secrets/fz-a', `${CM}/fz-missing`);
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

const configMapText = fc
  .record({
    n: name,
    data: fc.oneof(fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), anyJson),
    extra: anyJson,
  })
  .map(({ n, data, extra }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n }, data, extra }));

const jsonText = fc.oneof(
  configMapText.map((o) => JSON.stringify(o)),
  configMapText.map((o) => JSON.stringify(o).slice(0, -2)),
  anyJson.map((v) => JSON.stringify(v) ?? 'null'),
  fc.nat(20_000).map((n) => '['.repeat(n)),
  fc.nat(5_000).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.constantFrom(
    '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"fz-d"},"metadata":{"name":"fz-e"}}',
    '\uFEFF{}',
    'null',
    '"x"',
    '1',
    '',
  ),
  fc.string({ maxLength: 50 }),
);

const FORCE = QUERY_VALUES.force ?? fc.string();
const DRY_RUN = QUERY_VALUES.dryRun ?? fc.string();
/** Mostly a valid manager, so apply reaches its decoder; sometimes absent or hostile. */
const MANAGER = fc
  .tuple(fc.nat(3), fc.option(QUERY_VALUES.fieldManager ?? fc.string()))
  .map(([n, hostile]) => (n < 3 ? 'fuzzer' : hostile));

function patch(contentType: string, body: fc.Arbitrary<string>, family: string): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      url: TARGETS,
      body,
      fieldManager: MANAGER,
      // force is only for apply; elsewhere it is a 400 that would hide the patch decoder.
      force:
        contentType === 'application/apply-patch+yaml'
          ? fc.option(FORCE, { freq: 2 })
          : fc.oneof({ weight: 19, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: FORCE }),
      dryRun: fc.option(DRY_RUN, { freq: 2 }),
    })
    .map(({ url, body, fieldManager, force, dryRun }) => {
      const params: Record<string, string> = {};
      if (fieldManager !== null) params.fieldManager = fieldManager;
      if (force !== null) params.force = force;
      if (dryRun !== null) params.dryRun = dryRun;
      const search = q(params);
      return {
        method: 'PATCH',
        url: search ? `${url}?${search}` : url,
        headers: { 'content-type': contentType, accept: 'application/json' },
        body,
        family,
      };
    });
}

const list = (family: string, params: fc.Arbitrary<Record<string, string>>) =>
  fc.record({ url: COLLECTIONS, params }).map<FuzzRequest>(({ url, params }) => ({
    method: 'GET',
    url: `${url}?${q(params)}`,
    headers: { accept: 'application/json' },
    family,
  }));

/** Each family, named as the report lists it. */
export const DECODER_FAMILIES: Record<string, fc.Arbitrary<FuzzRequest>> = {
  'json body': jsonText.map((body) => ({
    method: 'POST',
    url: CM,
    headers: JSON_HEADERS,
    body,
    family: 'json body',
  })),
  'yaml body': yamlText.map((body) => ({
    method: 'POST',
    url: CM,
    headers: { 'content-type': 'application/yaml', accept: 'application/json' },
    body,
    family: 'yaml body',
  })),
  'protobuf body': fc.record({ body: protobufBody, put: fc.boolean() }).map(({ body, put }) => ({
    method: put ? 'PUT' : 'POST',
    url: put ? `${CM}/fz-a` : CM,
    headers: { 'content-type': 'application/vnd.kubernetes.protobuf', accept: 'application/json' },
    body,
    family: 'protobuf body',
  })),
  'json patch': patch(
    'application/json-patch+json',
    jsonPatch.map((p) => JSON.stringify(p) ?? 'null'),
    'json patch',
  ),
  'merge patch': patch(
    'application/merge-patch+json',
    mergePatch.map((p) => JSON.stringify(p) ?? 'null'),
    'merge patch',
  ),
  'strategic merge patch': patch(
    'application/strategic-merge-patch+json',
    strategicPatch.map((p) => JSON.stringify(p) ?? 'null'),
    'strategic merge patch',
  ),
  'server-side apply': patch(
    'application/apply-patch+yaml',
    applyBody('v1', 'ConfigMap', 'fz-a'),
    'server-side apply',
  ),
  'label selector': list(
    'label selector',
    labelSelector.map((labelSelector) => ({ labelSelector })),
  ),
  'field selector': list(
    'field selector',
    fieldSelector.map((fieldSelector) => ({ fieldSelector })),
  ),
  'delete collection by selector': fc
    .record({ labelSelector: fc.option(labelSelector), fieldSelector: fc.option(fieldSelector) })
    .map(({ labelSelector, fieldSelector }) => {
      const params: Record<string, string> = {};
      if (labelSelector !== null) params.labelSelector = labelSelector;
      if (fieldSelector !== null) params.fieldSelector = fieldSelector;
      return {
        method: 'DELETE',
        url: `${CM}?${q(params)}`,
        headers: { accept: 'application/json' },
        family: 'delete collection by selector',
      };
    }),
  'continue token': list(
    'continue token',
    fc.record({ continue: continueToken, limit: fc.constantFrom('1', '2', '0', '') }).map((p) => ({ ...p })),
  ),
  resourceVersion: fc
    .record({
      url: fc.oneof(COLLECTIONS, TARGETS),
      rv: resourceVersion,
      rvm: fc.option(resourceVersionMatch),
      watch: fc.constantFrom(false, false, false, false, false, false, false, true),
    })
    .map(({ url, rv, rvm, watch }) => {
      const params: Record<string, string> = { resourceVersion: rv };
      if (rvm !== null) params.resourceVersionMatch = rvm;
      if (watch) Object.assign(params, { watch: '1', timeoutSeconds: '1' });
      return {
        method: 'GET',
        url: `${url}?${q(params)}`,
        headers: { accept: 'application/json' },
        family: 'resourceVersion',
      };
    }),
  'query parameters': fc
    .record({
      method: fc.constantFrom<FuzzRequest['method']>('GET', 'DELETE', 'PUT', 'POST'),
      url: fc.oneof(COLLECTIONS, TARGETS),
      params: fc.dictionary(
        fc.constantFrom(...Object.keys(QUERY_VALUES), 'watch', 'x', '__proto__'),
        fc.string({ maxLength: 8 }),
        {
          maxKeys: 4,
        },
      ),
      deleteBody: fc.option(
        fc.oneof(
          fc.record(
            {
              kind: fc.constant('DeleteOptions'),
              apiVersion: fc.constant('v1'),
              preconditions: anyJson,
              gracePeriodSeconds: anyJson,
            },
            { requiredKeys: [] },
          ),
          anyJson,
        ),
      ),
    })
    .map(({ method, url, params, deleteBody }) => {
      const p = { ...params };
      if ('watch' in p || 'sendInitialEvents' in p) p.timeoutSeconds = '1';
      const body =
        method === 'GET'
          ? undefined
          : method === 'DELETE'
            ? deleteBody === null
              ? undefined
              : (JSON.stringify(deleteBody) ?? 'null')
            : '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fz-a"}}';
      return {
        method,
        url: `${url}?${q(p)}`,
        headers: body === undefined ? { accept: 'application/json' } : JSON_HEADERS,
        ...(body === undefined ? {} : { body }),
        family: 'query parameters',
      };
    }),
};
