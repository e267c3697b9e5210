/**
 * Differences that are defects of ours, not yet fixed, grouped by cause (a rule covers single
 * differences, by path and operation). They are counted and printed as known defects; the gate fails
 * on any other defect, and on a rule that no longer matches anything (so a fix removes its entry).
 * Each cause is listed in docs/compatibility.md.
 */
import type { Difference } from './diff.js';

export interface KnownDefect {
  id: string;
  why: string;
  applies(d: Difference, op: { scenario: string; id: string; request: string }): boolean;
}

const isEmptyObject = (v: unknown) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    id: 'namespace-lifecycle',
    why: 'an object can be created in a namespace that does not exist (our namespaces are implied by the objects in them); kube-apiserver answers 404 NotFound for the namespace',
    applies: (_d, op) => op.id === 'create-in-ghost-namespace',
  },
  {
    id: 'managed-fields-defaults',
    why: 'managedFields lack the fields upstream defaults before tracking (Pod dnsPolicy, container imagePullPolicy, Service sessionAffinity, a Namespace’s name label…), so a Namespace create tracks nothing; a Secret’s stringData is tracked before it becomes data (upstream converts it while decoding); an empty labels map the client sent is tracked as such (see empty-metadata-maps)',
    applies: (d, op) =>
      (/\/managedFields\/\d+\/fieldsV1\//.test(d.path) && d.ours === undefined && isEmptyObject(d.kube)) ||
      (/\/managedFields\/\d+\/fieldsV1\/f:stringData$/.test(d.path) && d.kube === undefined) ||
      (/\/metadata\/managedFields$/.test(d.path) &&
        ((d.ours === undefined && /^POST \/api\/v1\/namespaces(\?|$)/.test(op.request)) ||
          (d.kube === undefined && op.id === 'create-empty-maps'))),
  },
  {
    id: 'upstream-defaults',
    why: 'the Namespace a request creates lacks the kubernetes.io/metadata.name label, the kubernetes finalizer and the zero status kube-apiserver writes',
    applies: (d, op) =>
      /^[A-Z]+ \/api\/v1\/namespaces(\/[^/?]+)?(\?|$)/.test(op.request) &&
      /^\/body\/(items\/\d+\/|rows\/\d+\/object\/)?(spec|status|metadata\/labels)(\/|$)/.test(d.path),
  },
];
