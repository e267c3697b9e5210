/**
 * dryRun=All on every write verb (create, create with generateName, update, every patch type,
 * apply, delete, delete collection, namespace create): the answer is what would be stored, and a
 * read afterwards shows nothing was. Also a dry-run create of an existing name, and a bad dryRun.
 */
import { qs } from '../paths.js';
import type { Ctx, Op, Scenario } from '../scenario.js';
import {
  APPLY,
  cmCollection,
  cmItem,
  configMap,
  createCm,
  JSON_PATCH,
  MERGE,
  STRATEGIC,
} from './configmaps.js';
import { namespaceOp } from './crud.js';

const ns = 'cf-dry';
const dry = qs({ dryRun: 'All' });
const item = cmItem(ns, 'base');

function dryRunScenario(): Scenario {
  const ops: Op[] = [
    namespaceOp(ns),
    createCm(ns, 'base', { k: 'v' }, { set: 'dry' }),
    { id: 'create-dry', method: 'POST', path: `${cmCollection(ns)}${dry}`, body: configMap(ns, 'ghost') },
    { id: 'get-ghost', method: 'GET', path: cmItem(ns, 'ghost') },
    {
      id: 'create-dry-generate',
      method: 'POST',
      path: `${cmCollection(ns)}${dry}`,
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' }, data: { k: 'v' } },
      project: {
        why: 'a generated name is random; only that one was generated is compared',
        fn: (b) => {
          const o = b as { metadata?: { name?: string } };
          return o.metadata?.name
            ? {
                ...o,
                metadata: { ...o.metadata, name: o.metadata.name.replace(/^gen-[a-z0-9]{5}$/, 'gen-<x>') },
              }
            : b;
        },
      },
    },
    { id: 'list-after-generate', method: 'GET', path: cmCollection(ns) },
    {
      id: 'create-dry-existing',
      method: 'POST',
      path: `${cmCollection(ns)}${dry}`,
      body: configMap(ns, 'base'),
    },
    { id: 'get-base', method: 'GET', path: item },
    {
      id: 'update-dry',
      method: 'PUT',
      path: `${item}${dry}`,
      body: (ctx: Ctx) => {
        const o = ctx.json('get-base') as { data?: Record<string, string> };
        return { ...o, data: { k: 'updated' } };
      },
    },
    {
      id: 'merge-dry',
      method: 'PATCH',
      path: `${item}${dry}`,
      contentType: MERGE,
      body: { data: { k: 'merged' } },
    },
    {
      id: 'json-dry',
      method: 'PATCH',
      path: `${item}${dry}`,
      contentType: JSON_PATCH,
      body: [{ op: 'replace', path: '/data/k', value: 'json' }],
    },
    {
      id: 'strategic-dry',
      method: 'PATCH',
      path: `${item}${dry}`,
      contentType: STRATEGIC,
      body: { data: { k: 'smp' } },
    },
    {
      id: 'apply-dry',
      method: 'PATCH',
      path: `${item}${qs({ dryRun: 'All', fieldManager: 'dry', force: 'true' })}`,
      contentType: APPLY,
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'base' }, data: { k: 'applied' } },
    },
    {
      id: 'apply-create-dry',
      method: 'PATCH',
      path: `${cmItem(ns, 'applied-ghost')}${qs({ dryRun: 'All', fieldManager: 'dry' })}`,
      contentType: APPLY,
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied-ghost' }, data: { k: 'v' } },
    },
    { id: 'get-applied-ghost', method: 'GET', path: cmItem(ns, 'applied-ghost') },
    { id: 'get-base-unchanged', method: 'GET', path: item },
    { id: 'delete-dry', method: 'DELETE', path: `${item}${dry}` },
    {
      id: 'delete-collection-dry',
      method: 'DELETE',
      path: `${cmCollection(ns)}${qs({ dryRun: 'All', labelSelector: 'set=dry' })}`,
    },
    { id: 'list-still-there', method: 'GET', path: cmCollection(ns) },
    {
      id: 'dry-run-bogus',
      method: 'POST',
      path: `${cmCollection(ns)}${qs({ dryRun: 'Sometimes' })}`,
      body: configMap(ns, 'bogus'),
    },
    { id: 'get-bogus', method: 'GET', path: cmItem(ns, 'bogus') },
    {
      id: 'namespace-dry',
      method: 'POST',
      path: `/api/v1/namespaces${dry}`,
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cf-dry-ghost' } },
    },
    { id: 'get-namespace-ghost', method: 'GET', path: '/api/v1/namespaces/cf-dry-ghost' },
    {
      id: 'create-in-ghost-namespace',
      method: 'POST',
      path: cmCollection('cf-dry-ghost'),
      body: configMap('cf-dry-ghost', 'x'),
    },
  ];
  return { name: 'dryRun=All on every write verb (ConfigMap, Namespace)', ops };
}

export const dryRunScenarios = (): Scenario[] => [dryRunScenario()];
