/**
 * Pagination: limit/continue across pages of one snapshot, a continue token used after the
 * collection changed, the last page, limits with selectors and with resourceVersion=0, and invalid
 * continue tokens and parameters. (An expired token needs a compacted snapshot on both sides; see
 * docs/compatibility.md.)
 */
import { qs } from '../paths.js';
import type { Ctx, Op, Scenario } from '../scenario.js';
import { OUR_HISTORY_LIMIT } from '../targets.js';
import { cmCollection, cmItem, createCm, mergePatch } from './configmaps.js';
import { namespaceOp } from './crud.js';

const ns = 'cf-pages';
const coll = cmCollection(ns);
const list = (params: Record<string, string>) => `${coll}${qs(params)}`;
/** Both servers quote revisions in a too-old message; only their presence is compared. */
const revisionsInMessage = {
  why: 'the revisions quoted in a too-old message are each server’s own numbers',
  fn: (body: unknown) => {
    const b = body as { message?: unknown };
    return typeof b?.message === 'string' ? { ...b, message: b.message.replace(/\d+/g, '<n>') } : body;
  },
};
const rvAt = (body: Record<string, unknown>) =>
  String((body.metadata as { resourceVersion: string }).resourceVersion);

const tokenOf = (body: Record<string, unknown>) =>
  String((body.metadata as { continue?: string } | undefined)?.continue ?? '');

function paginationScenario(): Scenario {
  const ops: Op[] = [namespaceOp(ns)];
  for (const i of [1, 2, 3, 4, 5])
    ops.push(createCm(ns, `cm-${i}`, { k: String(i) }, { odd: String(i % 2 === 1) }));
  ops.push(
    { id: 'page-1', method: 'GET', path: list({ limit: '2' }) },
    {
      id: 'page-2',
      method: 'GET',
      path: (ctx: Ctx) => list({ limit: '2', continue: tokenOf(ctx.json('page-1')) }),
    },
    // Changes between pages: the remaining pages still show the first page's snapshot.
    createCm(ns, 'cm-0', { k: '0' }),
    createCm(ns, 'cm-9', { k: '9' }),
    { id: 'delete-cm-5', method: 'DELETE', path: cmItem(ns, 'cm-5') },
    mergePatch(ns, 'cm-4', { data: { k: 'changed' } }, 'patch-cm-4'),
    {
      id: 'page-3',
      method: 'GET',
      path: (ctx: Ctx) => list({ limit: '2', continue: tokenOf(ctx.json('page-2')) }),
    },
    // The same token twice: the same answer.
    {
      id: 'page-3-again',
      method: 'GET',
      path: (ctx: Ctx) => list({ limit: '2', continue: tokenOf(ctx.json('page-2')) }),
    },
    { id: 'fresh-list', method: 'GET', path: list({ limit: '10' }) },
    { id: 'limit-exact', method: 'GET', path: list({ limit: '6' }) },
    { id: 'limit-selector', method: 'GET', path: list({ limit: '1', labelSelector: 'odd=true' }) },
    {
      id: 'limit-selector-2',
      method: 'GET',
      path: (ctx: Ctx) =>
        list({ limit: '1', labelSelector: 'odd=true', continue: tokenOf(ctx.json('limit-selector')) }),
    },
    { id: 'limit-rv-0', method: 'GET', path: list({ limit: '2', resourceVersion: '0' }) },
    { id: 'limit-0', method: 'GET', path: list({ limit: '0' }) },
    { id: 'continue-garbage', method: 'GET', path: list({ limit: '2', continue: 'garbage!' }) },
    { id: 'continue-not-json', method: 'GET', path: list({ limit: '2', continue: 'bm90LWpzb24' }) },
    {
      id: 'continue-other-namespace',
      method: 'GET',
      path: (ctx: Ctx) =>
        `/api/v1/namespaces/default/configmaps${qs({ limit: '2', continue: tokenOf(ctx.json('page-1')) })}`,
    },
    {
      id: 'continue-with-rv',
      method: 'GET',
      path: (ctx: Ctx) => list({ limit: '2', resourceVersion: '0', continue: tokenOf(ctx.json('page-1')) }),
    },
    { id: 'limit-garbage', method: 'GET', path: list({ limit: 'many' }) },
    { id: 'rv-garbage', method: 'GET', path: list({ resourceVersion: 'abc' }) },
    {
      id: 'rv-match-exact',
      method: 'GET',
      path: (ctx: Ctx) =>
        list({ resourceVersion: rvAt(ctx.json('page-1')), resourceVersionMatch: 'Exact', limit: '3' }),
    },
    // More writes than our history keeps for a kind, then etcd's compaction on kube-apiserver's
    // side: the first page's snapshot is gone on both.
    {
      ...mergePatch(ns, 'cm-1', (ctx: Ctx) => ({ data: { k: `burst-${ctx.iteration}` } }), 'burst'),
      repeat: OUR_HISTORY_LIMIT + 10,
    },
    { type: 'compact', id: 'compact' },
    {
      id: 'continue-expired',
      method: 'GET',
      path: (ctx: Ctx) => list({ limit: '2', continue: tokenOf(ctx.json('page-1')) }),
    },
    {
      id: 'rv-exact-compacted',
      method: 'GET',
      path: (ctx: Ctx) => list({ resourceVersion: rvAt(ctx.json('page-1')), resourceVersionMatch: 'Exact' }),
      project: revisionsInMessage,
    },
  );
  return { name: 'pagination ConfigMap (limit, continue, snapshots, invalid tokens)', ops };
}

export const paginationScenarios = (): Scenario[] => [paginationScenario()];
