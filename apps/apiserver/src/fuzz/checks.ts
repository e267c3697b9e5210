/**
 * The invariants every fuzzed request must keep: no 5xx (but upstream's 504 for a too-new
 * resourceVersion); every 4xx answer is a Kubernetes
 * `Status` whose `code` is the HTTP status and whose `reason` is the one upstream uses for that
 * code (k8s.io/apimachinery/pkg/api/errors); the shared prototypes gain no property; a rejected
 * request leaves stored data byte for byte as it was.
 */
import YAML from 'yaml';

/** Reasons k8s.io/apimachinery/pkg/api/errors pairs with each client-error code. */
export const REASONS_BY_CODE: Readonly<Record<number, readonly string[]>> = {
  400: ['BadRequest'],
  401: ['Unauthorized'],
  403: ['Forbidden'],
  404: ['NotFound'],
  405: ['MethodNotAllowed'],
  406: ['NotAcceptable'],
  409: ['AlreadyExists', 'Conflict'],
  410: ['Expired', 'Gone'],
  413: ['RequestEntityTooLarge'],
  415: ['UnsupportedMediaType'],
  422: ['Invalid'],
  429: ['TooManyRequests'],
  // Not a fault: a read for a resourceVersion the server has not reached yet, after waiting for
  // it, is upstream's 504 Timeout (ResourceVersionTooLarge), which reflectors retry.
  504: ['Timeout'],
};

const TOO_LARGE_RV = 'Too large resource version';

export interface Answer {
  statusCode: number;
  contentType: string;
  body: string;
}

/** Problems with one answer's shape; empty when it keeps the contract. */
export function answerProblems(answer: Answer): string[] {
  const { statusCode, contentType } = answer;
  const tooLarge = statusCode === 504 && answer.body.includes(TOO_LARGE_RV);
  if (statusCode >= 500 && !tooLarge) return [`server error ${statusCode}: ${answer.body.slice(0, 300)}`];
  if (statusCode < 400) return [];
  // Protobuf answers (asked for by Accept) are decoded elsewhere; JSON and YAML are checked here.
  let status: Record<string, unknown>;
  try {
    const text = answer.body;
    const parsed: unknown = contentType.includes('yaml') ? YAML.parse(text) : JSON.parse(text);
    if (!parsed || typeof parsed !== 'object')
      return [`${statusCode} body is not an object: ${text.slice(0, 200)}`];
    status = parsed as Record<string, unknown>;
  } catch {
    if (contentType.includes('protobuf')) return [];
    return [`${statusCode} body is not JSON/YAML (${contentType}): ${answer.body.slice(0, 200)}`];
  }
  const problems: string[] = [];
  if (status.kind !== 'Status' || status.apiVersion !== 'v1')
    problems.push(`${statusCode} body is not a v1 Status`);
  if (status.status !== 'Failure') problems.push(`${statusCode} Status.status is ${String(status.status)}`);
  if (status.code !== statusCode) problems.push(`${statusCode} Status.code is ${String(status.code)}`);
  const allowed = REASONS_BY_CODE[statusCode];
  if (!allowed) problems.push(`unexpected client-error code ${statusCode}`);
  else if (!allowed.includes(String(status.reason)))
    problems.push(`${statusCode} has reason ${String(status.reason)} (want ${allowed.join('|')})`);
  if (typeof status.message !== 'string' || status.message === '')
    problems.push(`${statusCode} Status has no message`);
  return problems.map((p) => `${p}: ${String(status.message ?? '').slice(0, 200)}`);
}

const PROTOTYPES: ReadonlyArray<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];

/** Own property names of the shared prototypes, to compare after each request. */
export function prototypeBaseline(): Map<string, string[]> {
  return new Map(PROTOTYPES.map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]));
}

export function pollutionProblems(baseline: Map<string, string[]>): string[] {
  const problems: string[] = [];
  for (const [name, proto] of PROTOTYPES) {
    const now = Reflect.ownKeys(proto).map(String).sort();
    const before = baseline.get(name) ?? [];
    const added = now.filter((k) => !before.includes(k));
    if (added.length > 0) problems.push(`prototype pollution: ${name} gained ${added.join(', ')}`);
  }
  return problems;
}

/** Keys of a storage snapshot that differ between two snapshots. */
export function snapshotDifferences(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k));
}
