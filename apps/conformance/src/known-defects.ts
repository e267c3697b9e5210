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
    id: 'namespace-lifecycle',
    why: 'an object can be created in a namespace that does not exist (our namespaces are implied by the objects in them); kube-apiserver answers 404 NotFound for the namespace',
    applies: (_d, op) => op.id === 'create-in-ghost-namespace',
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
