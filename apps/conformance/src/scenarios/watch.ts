/**
 * Watches: from a list's resourceVersion, resumed from an older one, without one (initial ADDED
 * events), with label and field selectors, with sendInitialEvents and bookmarks, ended by
 * timeoutSeconds, and invalid parameters. (A watch too old for kube-apiserver's watch cache cannot
 * be produced in a run: see docs/compatibility.md; 410 is compared on lists and continue tokens.)
 */
import { qs } from '../paths.js';
import type { Ctx, Op, Scenario } from '../scenario.js';
import { cmCollection, cmItem, createCm, mergePatch, rvOf } from './configmaps.js';
import { namespaceOp } from './crud.js';

const ns = 'cf-watch';
const coll = cmCollection(ns);
const watchAt = (params: Record<string, string>) => `${coll}${qs({ watch: 'true', ...params })}`;

function watchScenario(): Scenario {
  const ops: Op[] = [
    namespaceOp(ns),
    createCm(ns, 'a', { k: '1' }, { app: 'a' }),
    createCm(ns, 'b', { k: '1' }, { app: 'b' }),
    { id: 'list', method: 'GET', path: coll },
    {
      type: 'watch',
      id: 'watch-from-list',
      path: (ctx: Ctx) => watchAt({ resourceVersion: rvOf(ctx.json('list')) }),
      during: [
        mergePatch(ns, 'a', { data: { k: '2' } }, 'patch-a'),
        { id: 'delete-b', method: 'DELETE', path: cmItem(ns, 'b') },
      ],
      events: 2,
    },
    {
      type: 'watch',
      id: 'watch-resume-old',
      path: (ctx: Ctx) => watchAt({ resourceVersion: rvOf(ctx.json('create-a')) }),
      events: 3,
    },
    { type: 'watch', id: 'watch-no-rv', path: watchAt({}), events: 1 },
    {
      type: 'watch',
      id: 'watch-rv-0',
      path: watchAt({ resourceVersion: '0' }),
      events: 1,
    },
    {
      type: 'watch',
      id: 'watch-label',
      path: watchAt({ labelSelector: 'app in (c)' }),
      during: [
        createCm(ns, 'c', { k: '1' }, { app: 'c' }),
        createCm(ns, 'd', { k: '1' }, { app: 'd' }),
        mergePatch(ns, 'c', { data: { k: '2' } }, 'patch-c'),
        mergePatch(ns, 'd', { data: { k: '2' } }, 'patch-d'),
      ],
      events: 2,
    },
    {
      type: 'watch',
      id: 'watch-label-leaves',
      path: (ctx: Ctx) => watchAt({ labelSelector: 'app=c', resourceVersion: rvOf(ctx.json('patch-d')) }),
      during: [mergePatch(ns, 'c', { metadata: { labels: { app: 'gone' } } }, 'relabel-c')],
      events: 1,
    },
    {
      type: 'watch',
      id: 'watch-field',
      path: watchAt({ fieldSelector: 'metadata.name=a' }),
      initialEvents: 1,
      during: [
        mergePatch(ns, 'a', { data: { k: '3' } }, 'patch-a-again'),
        mergePatch(ns, 'd', { data: { k: '3' } }, 'patch-d-again'),
      ],
      events: 2,
    },
    {
      type: 'watch',
      id: 'watch-initial-bookmark',
      path: watchAt({
        sendInitialEvents: 'true',
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: 'true',
      }),
      events: 4,
    },
    {
      type: 'watch',
      id: 'watch-timeout',
      path: (ctx: Ctx) => watchAt({ timeoutSeconds: '1', resourceVersion: rvOf(ctx.json('patch-d-again')) }),
      events: Number.POSITIVE_INFINITY,
      waitMs: 5000,
    },
    { type: 'watch', id: 'watch-bad-rv', path: watchAt({ resourceVersion: 'abc' }), events: 1 },
    {
      type: 'watch',
      id: 'watch-bad-timeout',
      path: watchAt({ timeoutSeconds: 'soon' }),
      events: 1,
    },
    {
      type: 'watch',
      id: 'watch-send-initial-no-match',
      path: watchAt({ sendInitialEvents: 'true' }),
      events: 1,
    },
    {
      type: 'watch',
      id: 'watch-bookmarks-timeout',
      path: (ctx: Ctx) =>
        watchAt({
          allowWatchBookmarks: 'true',
          timeoutSeconds: '3',
          resourceVersion: rvOf(ctx.json('patch-d-again')),
        }),
      events: Number.POSITIVE_INFINITY,
      waitMs: 6000,
    },
  ];
  return { name: 'watch ConfigMap (resourceVersion, resume, selectors, bookmarks, timeouts)', ops };
}

export const watchScenarios = (): Scenario[] => [watchScenario()];
