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
    id: 'duplicate-fields-undetected',
    why: 'duplicate keys are not detected in JSON bodies (the last wins silently: no 400 under fieldValidation=Strict, no `duplicate field` warning under Warn); a duplicate key in a YAML apply body is always refused with 400, where kube-apiserver applies it (last wins) with a warning under Warn and the default, silently under Ignore. The scenario holds only these operations, as one side then stores an object the other refused',
    applies: (_d, op) => op.scenario.startsWith('fieldValidation duplicate fields'),
  },
  {
    id: 'strict-patch-unknown-field',
    why: 'a non-apply patch that adds an unknown field under fieldValidation=Strict is refused with 400 and the decoder’s message; kube-apiserver answers 422 Invalid on `patch`, quoting the whole patched object',
    applies: (d, op) =>
      op.request.startsWith('PATCH ') &&
      /[?&]fieldValidation=Strict/.test(op.request) &&
      /^\/(status|body\/(message|reason|code|details))$/.test(d.path) &&
      (d.path !== '/body/details' || d.ours === undefined),
  },
  {
    id: 'decoder-error-messages',
    why: 'a malformed JSON or YAML body is refused with the code upstream uses, but the message quotes our parser (JSON.parse, yaml), not Go’s encoding/json or yaml.v2 text',
    applies: (d) =>
      d.path === '/body/message' &&
      typeof d.ours === 'string' &&
      /^(couldn't get version\/kind; json parse error|error converting YAML to JSON)/.test(d.ours),
  },
  {
    id: 'patch-unsupported-media-type',
    why: 'a PATCH with a content type that is no patch type is answered 415 with the generic “unknown format” message; kube-apiserver answers “415: Unsupported Media Type” with empty details',
    applies: (d, op) =>
      op.request.startsWith('PATCH ') &&
      ((d.path === '/body/message' && d.kube === '415: Unsupported Media Type') ||
        (d.path === '/body/details' && d.ours === undefined && isEmptyObject(d.kube))),
  },
  {
    id: 'continue-token-messages',
    why: 'a malformed continue token is answered 400 as upstream, but with our message, not the text of Go’s base64/JSON decoder errors',
    applies: (d, op) =>
      /[?&]continue=/.test(op.request) &&
      d.path === '/body/message' &&
      typeof d.ours === 'string' &&
      d.ours.startsWith('continue key is not valid'),
  },
  {
    id: 'expired-continue-no-token',
    why: 'the 410 for an expired continue token carries no new continue token; kube-apiserver hands one that continues the list at the latest resourceVersion (etcd3/errors.go handleCompactedErrorForPaging)',
    applies: (d, op) =>
      /[?&]continue=/.test(op.request) &&
      d.path === '/body/metadata/continue' &&
      d.ours === undefined &&
      d.kube === '<continue>',
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
