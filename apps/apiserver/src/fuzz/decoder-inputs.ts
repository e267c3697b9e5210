/**
 * Inputs aimed at each request decoder: bodies (JSON, YAML, protobuf), the four patch formats,
 * label and field selectors, continue tokens, resourceVersion / resourceVersionMatch and the other
 * query parameters. Mostly near-valid, so the decoders' deeper branches run, not only their first
 * syntax check.
 */
import fc from 'fast-check';
import YAML from 'yaml';
import { anyJson, hostileString, name, PROTO_KEYS, pollutingObject } from './hostile.js';

const labelKey = fc.oneof(
  fc.constantFrom('app', 'tier', 'example.com/team', 'a.b/c', 'k8s.io/x', '__proto__', 'constructor'),
  fc.stringMatching(/^[a-zA-Z0-9._/-]{0,70}$/),
);
const labelValue = fc.oneof(fc.constantFrom('fz', 'v', ''), fc.stringMatching(/^[a-zA-Z0-9._-]{0,70}$/));
const requirement = fc.oneof(
  fc.tuple(labelKey, fc.constantFrom('=', '==', '!='), labelValue).map(([k, op, v]) => `${k}${op}${v}`),
  fc
    .tuple(
      labelKey,
      fc.constantFrom(' in ', ' notin ', ' in', 'notin '),
      fc.array(labelValue, { maxLength: 3 }),
    )
    .map(([k, op, vs]) => `${k}${op}(${vs.join(',')})`),
  labelKey.map((k) => k),
  labelKey.map((k) => `!${k}`),
  fc
    .tuple(labelKey, fc.constantFrom('<', '>', 'gt', 'lt'), fc.integer())
    .map(([k, op, n]) => `${k} ${op} ${n}`),
);
const SELECTOR_JUNK = ['(', ')', ',', '!', '=', '==', '!=', ' ', '\t', 'in', 'notin', '\\', ',,', '\u00e9'];
export const labelSelector = fc.oneof(
  { weight: 4, arbitrary: fc.array(requirement, { minLength: 1, maxLength: 4 }).map((rs) => rs.join(',')) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom(...SELECTOR_JUNK, 'app', 'fz'), { maxLength: 8 })
      .map((t) => t.join('')),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

const fieldPath = fc.oneof(
  fc.constantFrom('metadata.name', 'metadata.namespace', 'type', 'spec.ingressClassName', 'status.phase'),
  fc.constantFrom('metadata.labels', 'metadata.__proto__', 'data.k', 'constructor', ''),
  fc.stringMatching(/^[a-z.]{0,20}$/),
);
const fieldValue = fc.oneof(
  name,
  fc.constantFrom('\\,', '\\=', '\\\\', 'a\\', '\\x', '=', ''),
  fc.string({ maxLength: 10 }),
);
export const fieldSelector = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.tuple(fieldPath, fc.constantFrom('=', '==', '!=', '', '<'), fieldValue), {
        minLength: 1,
        maxLength: 3,
      })
      .map((rs) => rs.map(([p, op, v]) => `${p}${op}${v}`).join(',')),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

export const resourceVersion = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '1',
    '-1',
    '00',
    '1.5',
    '1e3',
    ' 1',
    'abc',
    '18446744073709551616',
    '9007199254740993',
  ),
  fc.nat().map(String),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  hostileString,
);
export const resourceVersionMatch = fc.constantFrom(
  '',
  'NotOlderThan',
  'Exact',
  'exact',
  'MostRecent',
  'garbage',
);

const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');
/** Continue tokens: base64 of upstream-shaped JSON with hostile fields, and raw strings. */
export const continueToken = fc.oneof(
  fc
    .record({
      v: fc.constantFrom('meta.k8s.io/v1', 'v2', '', 1),
      rv: fc.oneof(fc.integer(), fc.constant(-1), fc.constant(1e300), hostileString),
      start: fc.oneof(hostileString, fc.constantFrom('default/fz-a', '../../etc', '/\u0000', '__proto__')),
    })
    .chain((t) => fc.constantFrom(b64(JSON.stringify(t)), b64url(JSON.stringify(t)), JSON.stringify(t))),
  anyJson.map((v) => b64(JSON.stringify(v) ?? 'null')),
  hostileString,
  fc.constantFrom('====', '%%%', 'e30=', 'bnVsbA=='),
);

/** Every query parameter a Kubernetes endpoint reads, each with near-valid and junk values. */
export const QUERY_VALUES: Record<string, fc.Arbitrary<string>> = {
  labelSelector,
  fieldSelector,
  resourceVersion,
  resourceVersionMatch,
  continue: continueToken,
  limit: fc.oneof(
    fc.constantFrom('0', '1', '2', '-1', 'x', '1e2', '99999999999999999999'),
    fc.nat(600).map(String),
  ),
  timeoutSeconds: fc.constantFrom('0', '1', '-1', 'x'),
  dryRun: fc.constantFrom('All', 'all', '', 'None', 'x'),
  fieldManager: fc.oneof(
    fc.constantFrom('fuzzer', 'kubectl', ''),
    hostileString,
    fc.constant('m'.repeat(200)),
  ),
  fieldValidation: fc.constantFrom('Strict', 'Warn', 'Ignore', 'strict', '', 'x'),
  force: fc.constantFrom('true', 'false', '1', 'x'),
  pretty: fc.constantFrom('true', 'false', 'x'),
  gracePeriodSeconds: fc.constantFrom('0', '30', '-1', 'x'),
  propagationPolicy: fc.constantFrom('Foreground', 'Background', 'Orphan', 'x', ''),
  orphanDependents: fc.constantFrom('true', 'false', 'x'),
  allowWatchBookmarks: fc.constantFrom('true', 'false', 'x'),
  sendInitialEvents: fc.constantFrom('true', 'false', 'x'),
  includeObject: fc.constantFrom('Object', 'Metadata', 'None', 'x'),
};

const pointer = fc.oneof(
  fc.constantFrom(
    '/data/k',
    '/data/new',
    '/metadata/labels/app',
    '/metadata/name',
    '/metadata/resourceVersion',
  ),
  fc.constantFrom(
    '/metadata/labels/__proto__',
    '/__proto__/polluted',
    '/constructor/prototype/polluted',
    '/data/~1x',
  ),
  fc.constantFrom('', '/', 'data', '/data/~2', '/items/-', '/items/0', '/items/99', '/metadata/finalizers/-'),
  fc
    .array(fc.oneof(hostileString, fc.constantFrom(...PROTO_KEYS, '-', '0')), { maxLength: 4 })
    .map((s) => `/${s.join('/')}`),
);
const jsonPatchOp = fc.record(
  {
    op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'ADD', 'x'),
    path: pointer,
    from: pointer,
    value: fc.oneof(hostileString, anyJson, pollutingObject),
  },
  { requiredKeys: ['op', 'path'] },
);
export const jsonPatch = fc.oneof(
  { weight: 5, arbitrary: fc.array(jsonPatchOp, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.oneof(anyJson, jsonPatchOp) },
);

const metadataPatch = fc.record(
  {
    name: name,
    labels: fc.oneof(
      fc.dictionary(hostileString, fc.oneof(hostileString, fc.constant(null))),
      pollutingObject,
    ),
    annotations: fc.dictionary(hostileString, fc.oneof(hostileString, fc.constant(null), anyJson)),
    resourceVersion,
    finalizers: fc.array(hostileString, { maxLength: 2 }),
    uid: hostileString,
    namespace: fc.constantFrom('default', 'other', ''),
  },
  { requiredKeys: [] },
);
export const mergePatch = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        metadata: fc.oneof(metadataPatch, fc.constant(null)),
        data: fc.oneof(
          fc.dictionary(hostileString, fc.oneof(hostileString, fc.constant(null), anyJson)),
          anyJson,
        ),
        kind: fc.constantFrom('ConfigMap', 'Secret', 'X', ''),
        apiVersion: fc.constantFrom('v1', 'apps/v1', ''),
        spec: anyJson,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.oneof(anyJson, pollutingObject) },
);

const directive = fc.oneof(
  fc.record({ $patch: fc.constantFrom('replace', 'delete', 'merge', 'x') }),
  fc.record({ $retainKeys: fc.oneof(fc.array(hostileString, { maxLength: 3 }), anyJson) }),
  fc.record({ '$setElementOrder/finalizers': fc.oneof(fc.array(hostileString, { maxLength: 3 }), anyJson) }),
  fc.record({
    '$deleteFromPrimitiveList/finalizers': fc.oneof(fc.array(hostileString, { maxLength: 3 }), anyJson),
  }),
);
export const strategicPatch = fc.oneof(
  { weight: 3, arbitrary: mergePatch },
  {
    weight: 3,
    arbitrary: fc
      .tuple(mergePatch, directive, fc.constantFrom('top', 'metadata', 'rules'))
      .map(([patch, d, where]) => {
        const base = patch && typeof patch === 'object' && !Array.isArray(patch) ? patch : {};
        if (where === 'top') return { ...base, ...d };
        if (where === 'metadata') return { ...base, metadata: { ...d, finalizers: ['a'] } };
        return { ...base, rules: [{ ...d, host: 'x' }] };
      }),
  },
);

/** apply-patch+yaml bodies: a whole intended object for the path's kind, sometimes mangled. */
export function applyBody(apiVersion: string, kind: string, objectName: string): fc.Arbitrary<string> {
  return fc
    .tuple(mergePatch, fc.boolean(), fc.constantFrom('yaml', 'json', 'junk'))
    .map(([patch, keepIdentity, form]) => {
      const base =
        patch && typeof patch === 'object' && !Array.isArray(patch) ? (patch as { metadata?: unknown }) : {};
      const metadata = base.metadata && typeof base.metadata === 'object' ? base.metadata : {};
      const object = keepIdentity
        ? { ...base, apiVersion, kind, metadata: { ...metadata, name: objectName } }
        : patch;
      if (form === 'json') return JSON.stringify(object) ?? 'null';
      if (form === 'junk') return `${YAML.stringify(object)}\n: : [\n`;
      return YAML.stringify(object);
    });
}

/** YAML texts that stress the YAML decoder: aliases, tags, several documents, odd scalars. */
export const yamlText = fc.oneof(
  anyJson.map((v) => YAML.stringify(v)),
  fc.constantFrom(
    'a: &a [*a, *a]\n',
    `a: &a ["x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
    'kind: ConfigMap\n---\nkind: Secret\n',
    '!!js/function "function(){}"\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fz-y}\ndata: {k: !!binary aGk=}\n',
    '__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\n',
    '<<: {polluted: yes}\n',
    'metadata: {name: fz-y, labels: {<<: {__proto__: x}}}\n',
    '? [a, b]\n: c\n',
    '\t',
    '%YAML 1.1\n---\na: yes\n',
  ),
  fc.string({ maxLength: 60 }),
);

/** Protobuf bodies: the `k8s\0` envelope with random or truncated payloads, and plain bytes. */
export const protobufBody = fc.oneof(
  fc
    .uint8Array({ maxLength: 64 })
    .map((bytes) => Buffer.concat([Buffer.from('k8s\u0000'), Buffer.from(bytes)])),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])),
);
