/**
 * Every patch type beyond the per-kind happy path: JSON patch tests and bad paths, merge patch
 * null removal, strategic-merge directives, server-side apply with field managers (create by
 * apply, shared and conflicting ownership, 409 and force, fields removed when the manager drops
 * them), and malformed or unsupported patches.
 */
import { qs } from '../paths.js';
import type { Ctx, HttpOp, Op, Scenario } from '../scenario.js';
import { APPLY, cmItem, createCm, JSON_PATCH, MERGE, mergePatch, STRATEGIC } from './configmaps.js';
import { namespaceOp } from './crud.js';

const ns = 'cf-patch';
const item = cmItem(ns, 'p');

const patch = (id: string, contentType: string, body: unknown, path = item): HttpOp => ({
  id,
  method: 'PATCH',
  path,
  contentType,
  body,
});

function apply(
  id: string,
  manager: string | undefined,
  data: Record<string, string>,
  opts: Record<string, string> = {},
): HttpOp {
  const query = { ...(manager ? { fieldManager: manager } : {}), ...opts };
  return {
    id,
    method: 'PATCH',
    path: `${cmItem(ns, 'applied')}${Object.keys(query).length ? qs(query) : ''}`,
    contentType: APPLY,
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace: ns }, data },
  };
}

function patchScenario(): Scenario {
  const ops: Op[] = [
    namespaceOp(ns),
    createCm(ns, 'p', { a: '1', b: '2' }, { keep: 'yes', drop: 'yes' }),
    {
      id: 'create-empty-maps',
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/configmaps`,
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty', labels: {}, annotations: {} } },
    },
    mergePatch(ns, 'p', { data: { b: null, c: '3' } }, 'merge-null-removes'),
    patch('json-test-ok', JSON_PATCH, [
      { op: 'test', path: '/data/a', value: '1' },
      { op: 'replace', path: '/data/a', value: 'one' },
    ]),
    patch('json-test-fails', JSON_PATCH, [
      { op: 'test', path: '/data/a', value: 'wrong' },
      { op: 'replace', path: '/data/a', value: 'never' },
    ]),
    patch('json-remove-missing', JSON_PATCH, [{ op: 'remove', path: '/data/zzz' }]),
    patch('json-move-copy', JSON_PATCH, [
      { op: 'copy', from: '/data/a', path: '/data/copied' },
      { op: 'move', from: '/data/c', path: '/data/moved' },
    ]),
    patch('json-not-array', JSON_PATCH, { op: 'add', path: '/data/x', value: 'y' }),
    patch('json-bad-op', JSON_PATCH, [{ op: 'frobnicate', path: '/data/x' }]),
    patch('json-malformed', JSON_PATCH, '[{"op": "add",'),
    patch('strategic-map', STRATEGIC, { metadata: { labels: { added: 'yes', drop: null } } }),
    patch('strategic-replace-directive', STRATEGIC, { data: { $patch: 'replace', only: 'this' } }),
    patch('strategic-malformed', STRATEGIC, '{"data": '),
    patch('merge-malformed', MERGE, '{"data": '),
    patch('merge-not-object', MERGE, '["a"]'),
    patch('unsupported-type', 'text/plain', 'data: x'),
    patch('patch-missing', MERGE, { data: { a: '1' } }, cmItem(ns, 'nope')),
    patch('patch-change-name', MERGE, { metadata: { name: 'other' } }),
    { id: 'get-p', method: 'GET', path: item },
    // Server-side apply and field managers.
    apply('apply-create', 'alice', { k: 'alice', x: 'alice' }),
    apply('apply-no-manager', undefined, { k: 'nobody' }),
    apply('apply-same-value', 'carol', { x: 'alice' }),
    apply('apply-conflict', 'bob', { k: 'bob' }),
    apply('apply-force', 'bob', { k: 'bob' }, { force: 'true' }),
    apply('apply-alice-drops-k', 'alice', { x: 'alice' }),
    apply('apply-alice-drops-x', 'alice', { y: 'alice' }),
    apply('apply-dry-run', 'dave', { k: 'dave' }, { force: 'true', dryRun: 'All' }),
    { id: 'get-applied', method: 'GET', path: cmItem(ns, 'applied') },
    {
      id: 'update-with-manager',
      method: 'PUT',
      path: `${cmItem(ns, 'applied')}${qs({ fieldManager: 'editor' })}`,
      body: (ctx: Ctx) => {
        const o = ctx.json('get-applied') as { data?: Record<string, string> };
        return { ...o, data: { ...o.data, edited: 'yes' } };
      },
    },
    apply('apply-after-update-conflict', 'alice', { y: 'alice', edited: 'alice' }),
    {
      id: 'apply-json-body',
      method: 'PATCH',
      path: `${cmItem(ns, 'applied')}${qs({ fieldManager: 'json' })}`,
      contentType: APPLY,
      body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied"},"data":{"j":"1"}}',
    },
    {
      id: 'apply-wrong-kind',
      method: 'PATCH',
      path: `${cmItem(ns, 'applied')}${qs({ fieldManager: 'alice' })}`,
      contentType: APPLY,
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'applied' } },
    },
    {
      id: 'apply-name-mismatch',
      method: 'PATCH',
      path: `${cmItem(ns, 'applied')}${qs({ fieldManager: 'alice' })}`,
      contentType: APPLY,
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } },
    },
    {
      id: 'apply-malformed',
      method: 'PATCH',
      path: `${cmItem(ns, 'applied')}${qs({ fieldManager: 'alice' })}`,
      contentType: APPLY,
      body: 'data: [unclosed',
    },
    { id: 'get-applied-end', method: 'GET', path: cmItem(ns, 'applied') },
  ];
  return { name: 'patch ConfigMap (json, merge, strategic, apply with field managers)', ops };
}

export const patchScenarios = (): Scenario[] => [patchScenario()];
