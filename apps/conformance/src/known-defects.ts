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

const at = (re: RegExp) => (d: Difference) => re.test(d.path);

const isEmptyObject = (v: unknown) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    id: 'empty-metadata-maps',
    why: 'an empty metadata.labels or annotations map sent by the client is stored as {}; kube-apiserver drops it (Go omitempty)',
    applies: (d) =>
      /\/metadata\/(labels|annotations)$/.test(d.path) && isEmptyObject(d.ours) && d.kube === undefined,
  },
  {
    id: 'namespace-lifecycle',
    why: 'an object can be created in a namespace that does not exist (our namespaces are implied by the objects in them); kube-apiserver answers 404 NotFound for the namespace',
    applies: (_d, op) => op.id === 'create-in-ghost-namespace',
  },
  {
    id: 'managed-fields-shape',
    why: 'fieldsV1 marks structs with "." and does not track fields the server defaults (structured-merge-diff schema not modelled per type)',
    applies: at(/\/managedFields(\/|$)/),
  },
  {
    id: 'column-descriptions',
    why: 'Table column descriptions are paraphrases, not the upstream swagger texts',
    applies: at(/\/columnDefinitions\/\d+\/description$/),
  },
  {
    id: 'event-columns',
    why: 'Event Table columns are in a different order than upstream printers (LAST SEEN first)',
    applies: (d, op) => op.scenario.startsWith('crud Event ') && /\/(columnDefinitions|rows)\//.test(d.path),
  },
  {
    id: 'list-item-typemeta',
    why: 'list items carry apiVersion/kind; kube-apiserver leaves them out of items',
    applies: at(/^\/body\/items\/\d+\/(apiVersion|kind)$/),
  },
  {
    id: 'upstream-defaults',
    why: 'defaults and admission mutations kube-apiserver applies are missing (Node not-ready taint and status, Namespace name label and kubernetes finalizer, Endpoints port protocol, Event timestamps and reporting fields, EndpointSlice conditions)',
    applies: at(
      /^\/body\/(items\/\d+\/|rows\/\d+\/object\/)?(spec\/taints|status|spec|metadata\/labels|subsets\/\d+\/ports\/\d+\/protocol|firstTimestamp|lastTimestamp|eventTime|reportingComponent|reportingInstance|endpoints\/\d+\/conditions)(\/|$)/,
    ),
  },
  {
    id: 'table-cells',
    why: 'some built-in Table cells differ in type or empty value (Node <unknown>/"" cells, Pod RESTARTS as number, CRD date columns declared string, CRD empty cells "" instead of null)',
    applies: at(/^\/body\/(rows\/\d+\/cells\/\d+|columnDefinitions\/\d+\/(type|format|name))$/),
  },
  {
    id: 'list-continue',
    why: 'custom-resource lists leave metadata.continue out where kube-apiserver sends ""',
    applies: at(/^\/body\/metadata\/continue$/),
  },
  {
    id: 'endpointslice-generation',
    why: "EndpointSlice generation is not bumped on every change as upstream's strategy does",
    applies: (d, op) =>
      op.scenario.startsWith('crud EndpointSlice ') && d.path === '/body/metadata/generation',
  },
  {
    id: 'pod-graceful-delete',
    why: 'a deleted Pod is answered without the deletionTimestamp and deletionGracePeriodSeconds graceful deletion sets',
    applies: (d, op) =>
      op.scenario.startsWith('crud Pod ') &&
      /^\/body\/metadata\/deletion(Timestamp|GracePeriodSeconds)$/.test(d.path),
  },
];
