/** Every verb of every stored kind, on its own namespace: the generic per-kind scenario. */
import type { ResourceDefinition } from '@hs/resources';
import { registry } from '@hs/resources';
import { apiVersionOf, collectionPath, itemPath, POM, qs, sampleKey, TABLE } from '../paths.js';
import { SAMPLES } from '../samples.js';
import type { Ctx, HttpOp, Op, Scenario } from '../scenario.js';

export function namespaceOp(name: string, id = 'namespace'): HttpOp {
  return {
    id,
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  };
}

/** Registry kinds that are stored and writable (not virtual, not read-only). */
export const writableKinds = (): ResourceDefinition[] =>
  registry.entries.filter((d) => !d.virtual && d.verbs.includes('create') && SAMPLES[sampleKey(d)]);

export function sampleObject(
  def: ResourceDefinition,
  name: string,
  namespace: string | undefined,
  labels: Record<string, string>,
) {
  const sample = SAMPLES[sampleKey(def)];
  if (!sample) throw new Error(`no sample for ${sampleKey(def)}`);
  const body = typeof sample.body === 'function' ? sample.body(namespace ?? '') : sample.body;
  return {
    apiVersion: apiVersionOf(def),
    kind: def.kind,
    metadata: { name, ...(def.scope === 'Namespaced' ? { namespace } : {}), labels },
    ...body,
  };
}

function crudScenario(def: ResourceDefinition): Scenario {
  const namespaced = def.scope === 'Namespaced';
  const ns = namespaced ? `cf-crud-${def.plural}` : undefined;
  const name = `cf-${def.singular}`;
  const coll = collectionPath(def, ns);
  const item = itemPath(def, ns, name);
  const sample = SAMPLES[sampleKey(def)];
  const labels = { conformance: 'crud' };
  const ops: Op[] = [];
  if (ns) ops.push(namespaceOp(ns));
  ops.push(
    { id: 'create', method: 'POST', path: coll, body: sampleObject(def, name, ns, labels) },
    { id: 'create-again', method: 'POST', path: coll, body: sampleObject(def, name, ns, labels) },
    { id: 'get', method: 'GET', path: item },
    { id: 'get-table', method: 'GET', path: item, accept: TABLE },
    { id: 'get-pom', method: 'GET', path: item, accept: POM },
    { id: 'get-yaml', method: 'GET', path: item, accept: 'application/yaml' },
    { id: 'list-selected', method: 'GET', path: `${coll}${qs({ labelSelector: 'conformance=crud' })}` },
    {
      id: 'list-table',
      method: 'GET',
      path: `${coll}${qs({ labelSelector: 'conformance=crud' })}`,
      accept: TABLE,
    },
    {
      id: 'update',
      method: 'PUT',
      path: item,
      body: (ctx: Ctx) => {
        const o = ctx.json('get') as { metadata: { labels?: Record<string, string> } };
        return { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, updated: 'yes' } } };
      },
    },
    { id: 'update-stale', method: 'PUT', path: item, body: (ctx: Ctx) => ctx.json('get') },
    {
      id: 'merge-patch',
      method: 'PATCH',
      path: item,
      contentType: 'application/merge-patch+json',
      body: sample?.change ?? {},
    },
    {
      id: 'json-patch',
      method: 'PATCH',
      path: item,
      contentType: 'application/json-patch+json',
      body: [{ op: 'add', path: '/metadata/labels/patched', value: 'json' }],
    },
    {
      id: 'strategic-patch',
      method: 'PATCH',
      path: item,
      contentType: 'application/strategic-merge-patch+json',
      body: { metadata: { labels: { patched: 'strategic' } } },
    },
    {
      id: 'apply',
      method: 'PATCH',
      path: `${item}${qs({ fieldManager: 'conformance', force: 'true' })}`,
      contentType: 'application/apply-patch+yaml',
      body: {
        apiVersion: apiVersionOf(def),
        kind: def.kind,
        metadata: { name, ...(ns ? { namespace: ns } : {}), labels: { applied: 'yes' } },
      },
    },
    { id: 'get-after', method: 'GET', path: item },
    { id: 'get-missing', method: 'GET', path: itemPath(def, ns, 'cf-missing') },
    { id: 'delete-dry', method: 'DELETE', path: `${item}${qs({ dryRun: 'All' })}` },
    { id: 'get-after-dry', method: 'GET', path: item, accept: POM },
    { id: 'delete', method: 'DELETE', path: item },
    { id: 'get-gone', method: 'GET', path: item },
    { id: 'delete-again', method: 'DELETE', path: item },
  );
  return { name: `crud ${def.kind} (${apiVersionOf(def)})`, ops };
}

export const crudScenarios = (): Scenario[] =>
  writableKinds()
    .filter((d) => d.kind !== 'Namespace')
    .map(crudScenario);
