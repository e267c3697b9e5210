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
    why: 'kube-apiserver allocates a ClusterIP for a Service (an extra write to etcd, so later resourceVersions shift by one); we run no service network and allocate none',
    applies: (d, op) =>
      op.scenario.startsWith('crud Service ') &&
      (d.path === '/body/metadata/resourceVersion' || /^\/body\/rows\/\d+\/cells\/2$/.test(d.path)),
  },
];
