/**
 * Differences that are right for us, each listed with its reason in docs/compatibility.md (a test
 * checks every id appears there). A rule covers single differences, by path and operation.
 */
import type { Difference } from './diff.js';

export interface Explanation {
  id: string;
  why: string;
  applies(d: Difference, op: { scenario: string; id: string; request: string }): boolean;
}

export const EXPLANATIONS: readonly Explanation[] = [
  {
    id: 'service-ip-allocation',
    why: 'kube-apiserver allocates a ClusterIP for a Service (spec.clusterIP/clusterIPs, and an extra write to etcd, so later resourceVersions shift by one); we run no service network and allocate none',
    applies: (d, op) =>
      op.scenario.startsWith('crud Service ') &&
      (d.path === '/body/metadata/resourceVersion' ||
        /^\/body\/rows\/\d+\/cells\/2$/.test(d.path) ||
        /^\/body\/(items\/\d+\/|rows\/\d+\/object\/)?spec\/clusterIPs?(\/|$)/.test(d.path)),
  },
  {
    id: 'bad-resource-version-status',
    why: 'kube-apiserver answers an unparsable resourceVersion with 500 InternalError (its strconv error is not a Status error); we answer 400 BadRequest with the same message, as it is the client’s input',
    applies: (d, op) =>
      /[?&]resourceVersion=[^&]*[^0-9&]/.test(op.request) &&
      /^\/(status|(body|events\/0)\/(code|reason))$/.test(d.path),
  },
  {
    id: 'apply-undeclared-field-status',
    why: 'kube-apiserver answers a server-side apply with fields the schema does not declare with 500 (its field manager cannot build the typed patch); we answer 400 BadRequest with the same message, as it is the client’s input',
    applies: (d, op) =>
      /^apply-unknown-/.test(op.id) && /^\/(status|(body|events\/0)\/(code|reason))$/.test(d.path),
  },
  {
    id: 'final-watch-bookmark',
    why: 'when a watch with allowWatchBookmarks ends by its timeout (or the server closes), we send a last BOOKMARK at the store’s revision so client-go resumes from it without relisting (decision 0008); kube-apiserver’s cacher only schedules one 2 s before the deadline on a 1 s ticker, which the short scenario timeout does not reach',
    applies: (d, op) =>
      /[?&]allowWatchBookmarks=true/.test(op.request) &&
      /[?&]timeoutSeconds=/.test(op.request) &&
      /^\/events\/\d+$/.test(d.path) &&
      d.kube === undefined &&
      (d.ours as { type?: string } | undefined)?.type === 'BOOKMARK',
  },
  {
    id: 'oracle-etcd-watch-progress',
    why: 'the oracle runs Debian’s etcd 3.4, which lacks RequestWatchProgress, so kube-apiserver refuses watch-list streams (sendInitialEvents) with 500; we serve them (ADDED events, then the initial-events-end BOOKMARK)',
    applies: (_d, op) => /[?&]sendInitialEvents=true&resourceVersionMatch=NotOlderThan/.test(op.request),
  },
  {
    id: 'selector-page-lookahead',
    why: 'with a selector, kube-apiserver ends a page at `limit` matches and hands a continue token whenever keys remain unscanned, even if none match (the next page is empty); we scan on and omit the token when nothing more matches. Clients page until the token is empty, so they get the same items',
    applies: (d, op) =>
      /[?&](labelSelector|fieldSelector)=/.test(op.request) &&
      /[?&]limit=/.test(op.request) &&
      d.path === '/body/metadata/continue' &&
      d.ours === undefined &&
      d.kube === '<continue>',
  },
  {
    id: 'continue-token-bound-to-collection',
    why: 'our continue token names the collection it pages, so a token sent to another collection is refused with 400; kube-apiserver’s token holds a key relative to the collection and lists the other one from that key. No client sends a token to another collection; refusing it avoids a meaningless page',
    applies: (_d, op) => op.scenario.startsWith('pagination ') && op.id === 'continue-other-namespace',
  },
];
