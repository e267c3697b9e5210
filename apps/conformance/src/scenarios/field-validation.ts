/**
 * fieldValidation=Strict/Warn/Ignore (and the default) with unknown and duplicate fields, on
 * create, update, merge patch and apply, for a built-in kind and a custom resource; and a bad value.
 * Bodies are sent as written (a duplicate key cannot be built as an object).
 */
import { qs } from '../paths.js';
import type { HttpOp, Op, Scenario } from '../scenario.js';
import { APPLY, cmCollection, cmItem, MERGE } from './configmaps.js';
import { namespaceOp } from './crud.js';

const ns = 'cf-fv';
const MODES = ['Strict', 'Warn', 'Ignore', ''] as const;
const q = (mode: string, extra: Record<string, string> = {}) =>
  mode || Object.keys(extra).length ? qs({ ...(mode ? { fieldValidation: mode } : {}), ...extra }) : '';
const label = (mode: string) => (mode || 'default').toLowerCase();

const unknownCm = (name: string) =>
  `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}","namespace":"${ns}"},"data":{"k":"v"},"spec":{"x":1},"metadata2":true}`;
const duplicateCm = (namespace: string, name: string) =>
  `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}","namespace":"${namespace}"},"data":{"k":"v","k":"w"}}`;

const MCP = `/apis/networking.higress.io/v1/namespaces/${ns}/mcpbridges`;
const unknownMcp = (name: string) =>
  `{"apiVersion":"networking.higress.io/v1","kind":"McpBridge","metadata":{"name":"${name}"},"spec":{"registries":[{"name":"n","type":"nacos2","domain":"127.0.0.1","port":8848,"bogus":1}],"extra":true}}`;

/**
 * A strict patch's 422 quotes the whole patched object in its message (and its cause): the uid,
 * resourceVersion and times in it are each server's own.
 */
const volatileInQuotedObject = {
  why: 'the object a strict patch quotes holds each server’s own uid, resourceVersion and times',
  fn: (body: unknown) => {
    const scrub = (text: string) =>
      text
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
        .replace(/\\"resourceVersion\\":\\"\d+\\"/g, '\\"resourceVersion\\":\\"<rv>\\"')
        .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>');
    const b = body as { message?: unknown; details?: { causes?: { message?: unknown }[] } };
    if (typeof b?.message !== 'string') return body;
    const causes = b.details?.causes?.map((c) =>
      typeof c.message === 'string' ? { ...c, message: scrub(c.message) } : c,
    );
    return { ...b, message: scrub(b.message), ...(causes ? { details: { ...b.details, causes } } : {}) };
  },
};

function perMode(mode: string): Op[] {
  const m = label(mode);
  const ops: HttpOp[] = [
    {
      id: `create-unknown-${m}`,
      method: 'POST',
      path: `${cmCollection(ns)}${q(mode)}`,
      body: unknownCm(`u-${m}`),
    },
    {
      id: `update-unknown-${m}`,
      method: 'PUT',
      path: `${cmItem(ns, 'target')}${q(mode)}`,
      body: `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target"},"data":{"k":"${m}"},"bogus":{"a":1}}`,
    },
    {
      id: `merge-unknown-${m}`,
      method: 'PATCH',
      path: `${cmItem(ns, 'target')}${q(mode)}`,
      contentType: MERGE,
      body: `{"data":{"m":"${m}"},"unknownTop":1}`,
      ...(mode === 'Strict' ? { project: volatileInQuotedObject } : {}),
    },
    {
      id: `apply-unknown-${m}`,
      method: 'PATCH',
      path: `${cmItem(ns, 'target')}${q(mode, { fieldManager: `fv-${m}` })}`,
      contentType: APPLY,
      body: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: target\ndata:\n  a${m}: "1"\nstray: true\n`,
    },
    { id: `cr-unknown-${m}`, method: 'POST', path: `${MCP}${q(mode)}`, body: unknownMcp(`mcp-${m}`) },
  ];
  return ops;
}

/**
 * Duplicate fields, in a scenario of their own: where one side creates an object the other
 * refuses, every later uid and resourceVersion is numbered differently, so nothing else follows.
 */
function duplicateFieldsScenario(): Scenario {
  const dns = 'cf-fv-dup';
  const ops: Op[] = [
    namespaceOp(dns),
    {
      id: 'create-target',
      method: 'POST',
      path: cmCollection(dns),
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'target', namespace: dns },
        data: { k: 'v' },
      },
    },
  ];
  for (const mode of MODES) {
    const m = label(mode);
    ops.push(
      {
        id: `create-duplicate-${m}`,
        method: 'POST',
        path: `${cmCollection(dns)}${q(mode)}`,
        body: duplicateCm(dns, `d-${m}`),
      },
      {
        id: `apply-duplicate-${m}`,
        method: 'PATCH',
        path: `${cmItem(dns, 'target')}${q(mode, { fieldManager: `fv-${m}` })}`,
        contentType: APPLY,
        body: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: target\ndata:\n  a${m}: "1"\n  a${m}: "2"\n`,
      },
    );
  }
  ops.push({ id: 'get-target', method: 'GET', path: cmItem(dns, 'target') });
  return { name: 'fieldValidation duplicate fields (JSON and YAML)', ops };
}

function fieldValidationScenario(): Scenario {
  const ops: Op[] = [
    namespaceOp(ns),
    {
      id: 'create-target',
      method: 'POST',
      path: cmCollection(ns),
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'target', namespace: ns },
        data: { k: 'v' },
      },
    },
  ];
  for (const mode of MODES) ops.push(...perMode(mode));
  ops.push(
    { id: 'get-target', method: 'GET', path: cmItem(ns, 'target') },
    { id: 'list-created', method: 'GET', path: cmCollection(ns) },
    { id: 'list-cr', method: 'GET', path: MCP },
    {
      id: 'bogus-mode',
      method: 'POST',
      path: `${cmCollection(ns)}${qs({ fieldValidation: 'Loose' })}`,
      body: unknownCm('bogus'),
    },
  );
  return { name: 'fieldValidation Strict/Warn/Ignore (unknown and duplicate fields)', ops };
}

export const fieldValidationScenarios = (): Scenario[] => [
  fieldValidationScenario(),
  duplicateFieldsScenario(),
];
