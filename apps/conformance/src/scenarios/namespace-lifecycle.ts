/**
 * Namespace lifecycle (NamespaceLifecycle admission, the namespace storage's Delete): a namespace
 * is created Active with its name label and the `kubernetes` finalizer; its DELETE answers it
 * Terminating; a create inside it is then 403 (with or without generateName) while updates go on;
 * a second DELETE answers it as it is; the immortal namespaces refuse deletion. A watch sees the
 * DELETE as MODIFIED. A ConfigMap with a finalizer holds the namespace Terminating on our side
 * (where the namespace controller runs) as on the oracle's (where none runs).
 */
import type { Ctx, Op, Projection, Scenario } from '../scenario.js';
import { cmCollection, cmItem, configMap, createCm, rvOf } from './configmaps.js';
import { namespaceOp } from './crud.js';

const ns = 'cf-nslife';
const watched = 'cf-nslife-watch';
const NS = '/api/v1/namespaces';

const held = (namespace: string): Op => ({
  id: `create-held-${namespace}`,
  method: 'POST',
  path: cmCollection(namespace),
  body: { ...configMap(namespace, 'held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } },
});

type Status = { conditions?: unknown };
const withoutConditions = (o: unknown): unknown => {
  const obj = o as { status?: Status } | undefined;
  if (!obj?.status || typeof obj.status !== 'object') return o;
  const { conditions: _c, ...status } = obj.status;
  return { ...obj, status };
};
/** kube-controller-manager's namespace controller writes them; the oracle runs none, we do. */
const noConditions: Projection = {
  why: 'status.conditions of a namespace being deleted come from the namespace controller, which the oracle does not run and our server does',
  fn: withoutConditions,
};

/** After the controller's writes: their conditions and the resourceVersion they moved on. */
const settled: Projection = {
  why: 'the namespace controller, which the oracle does not run and our server does, writes status.conditions (a new resourceVersion) on a namespace being deleted',
  fn: (b) => {
    const o = withoutConditions(b) as { metadata?: Record<string, unknown> };
    if (!o?.metadata) return o;
    const { resourceVersion: _rv, ...metadata } = o.metadata;
    return { ...o, metadata };
  },
};

function namespaceLifecycleScenario(): Scenario {
  const ops: Op[] = [
    namespaceOp(ns),
    { id: 'get-namespace', method: 'GET', path: `${NS}/${ns}` },
    held(ns),
    createCm(ns, 'plain'),
    { id: 'delete-namespace', method: 'DELETE', path: `${NS}/${ns}`, project: noConditions },
    { id: 'get-terminating', method: 'GET', path: `${NS}/${ns}`, project: settled },
    { id: 'create-in-terminating', method: 'POST', path: cmCollection(ns), body: configMap(ns, 'late') },
    {
      id: 'create-generated-in-terminating',
      method: 'POST',
      path: cmCollection(ns),
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'late-' }, data: { k: 'v' } },
    },
    {
      id: 'update-in-terminating',
      method: 'PATCH',
      path: cmItem(ns, 'held'),
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { seen: 'yes' } } },
      project: {
        why: 'only the namespace controller, which the oracle does not run, marks the content deleted',
        fn: (b) => {
          const o = b as { metadata?: Record<string, unknown> };
          if (!o.metadata) return b;
          const { deletionTimestamp: _d, deletionGracePeriodSeconds: _g, ...metadata } = o.metadata;
          return { ...o, metadata };
        },
      },
    },
    { id: 'delete-namespace-again', method: 'DELETE', path: `${NS}/${ns}`, project: settled },
    { id: 'delete-default', method: 'DELETE', path: `${NS}/default` },
    { id: 'delete-kube-system', method: 'DELETE', path: `${NS}/kube-system` },
    { id: 'delete-kube-public', method: 'DELETE', path: `${NS}/kube-public` },
    {
      id: 'create-in-missing',
      method: 'POST',
      path: cmCollection('cf-nslife-missing'),
      body: configMap('cf-nslife-missing', 'x'),
    },
    {
      id: 'update-in-missing',
      method: 'PUT',
      path: cmItem('cf-nslife-missing', 'x'),
      body: configMap('cf-nslife-missing', 'x'),
    },
    namespaceOp(watched, 'namespace-watched'),
    held(watched),
    {
      type: 'watch',
      id: 'watch-namespace-delete',
      path: (ctx: Ctx) =>
        `${NS}?watch=true&fieldSelector=metadata.name%3D${watched}&resourceVersion=${rvOf(ctx.json(`create-held-${watched}`))}`,
      during: [{ id: 'delete-watched', method: 'DELETE', path: `${NS}/${watched}`, project: noConditions }],
      events: 1,
      project: {
        why: 'after the MODIFIED of the DELETE, our namespace controller goes on (conditions, then the content); the oracle runs none',
        fn: (events) =>
          (events as unknown[]).slice(0, 1).map((e) => {
            const event = e as { object?: unknown };
            return { ...event, object: withoutConditions(event.object) };
          }),
      },
    },
  ];
  return { name: 'namespace lifecycle (terminating, immortal, missing)', ops };
}

export const namespaceLifecycleScenarios = (): Scenario[] => [namespaceLifecycleScenario()];
