/**
 * Audit log: one JSON line per request in the shape of audit.k8s.io/v1 `Event` (stage
 * ResponseComplete), so tools that read kube-apiserver audit logs read ours. It records who did
 * what to which object and the authorization decision (annotations `authorization.k8s.io/decision`
 * and `authorization.k8s.io/reason`, as upstream).
 *
 * Bodies are logged only at level Request / RequestResponse, and NEVER for kinds whose registry
 * entry sets `encryptAtRest` (nor for records the caller marks `encryptAtRest`): a body is also
 * dropped when it is, or lists, an object of such a kind, checked against the registry when given.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Registry } from '@hs/resources';
import type { UserInfo } from '../authn/types.js';
import type { Attributes } from '../authz/types.js';

export type AuditLevel = 'Metadata' | 'Request' | 'RequestResponse';

export interface AuditObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion?: string;
  subresource?: string;
}

/** The objectRef of a request's authorization attributes (undefined for non-resource requests). */
export function objectRefFrom(attrs: Attributes): AuditObjectRef | undefined {
  if (!attrs.resourceRequest) return undefined;
  return {
    resource: attrs.resource,
    ...(attrs.namespace ? { namespace: attrs.namespace } : {}),
    ...(attrs.name ? { name: attrs.name } : {}),
    ...(attrs.apiGroup ? { apiGroup: attrs.apiGroup } : {}),
    ...(attrs.apiVersion ? { apiVersion: attrs.apiVersion } : {}),
    ...(attrs.subresource ? { subresource: attrs.subresource } : {}),
  };
}

export interface AuditRecord {
  /** Absent when the request failed authentication. */
  user?: UserInfo;
  /** The user the request acted as (Impersonate-* headers), as upstream's `impersonatedUser`. */
  impersonatedUser?: UserInfo;
  verb: string;
  requestURI: string;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  /** HTTP status code of the answer. */
  responseCode: number;
  /** Authorization outcome; absent when authorization did not run. */
  decision?: 'allow' | 'forbid';
  reason?: string;
  /** The target kind's registry flag: true means no body is ever logged. */
  encryptAtRest?: boolean;
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp?: Date;
  auditID?: string;
}

export interface AuditLoggerOptions {
  file: string;
  /** Default Metadata (no bodies). */
  level?: AuditLevel;
  /** Lets the logger recognise bodies of encryptAtRest kinds on its own. */
  registry?: Registry;
}

export interface AuditLogger {
  log(record: AuditRecord): void;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** Set of `group/Kind` (and list kinds) whose objects must never be logged. */
function sensitiveKinds(registry: Registry | undefined): Set<string> {
  const out = new Set<string>();
  for (const e of registry?.entries ?? []) {
    if (!e.encryptAtRest) continue;
    out.add(`${e.group}/${e.kind}`);
    out.add(`${e.group}/${e.listKind}`);
  }
  return out;
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

function isSensitiveBody(body: unknown, kinds: Set<string>): boolean {
  if (!body || typeof body !== 'object') return false;
  const o = body as Record<string, unknown>;
  if (typeof o.kind === 'string' && typeof o.apiVersion === 'string') {
    if (kinds.has(`${groupOf(o.apiVersion)}/${o.kind}`)) return true;
  }
  if (Array.isArray(o.items)) return o.items.some((i) => isSensitiveBody(i, kinds));
  if (o.object && typeof o.object === 'object') return isSensitiveBody(o.object, kinds); // watch events
  return false;
}

const auditUser = (user: UserInfo) => ({
  username: user.username,
  ...(user.uid ? { uid: user.uid } : {}),
  groups: user.groups,
});

export function createAuditLogger(options: AuditLoggerOptions): AuditLogger {
  const level = options.level ?? 'Metadata';
  const kinds = sensitiveKinds(options.registry);
  const stream: WriteStream = createWriteStream(options.file, { flags: 'a', mode: 0o600 });
  let streamError: Error | undefined;
  stream.on('error', (err) => {
    streamError = err;
  });

  const body = (record: AuditRecord, value: unknown, needed: AuditLevel[]) => {
    if (value === undefined || !needed.includes(level)) return undefined;
    if (record.encryptAtRest || isSensitiveBody(value, kinds)) return undefined;
    return value;
  };

  return {
    log(record) {
      if (streamError) return;
      const now = new Date();
      const requestObject = body(record, record.requestObject, ['Request', 'RequestResponse']);
      const responseObject = body(record, record.responseObject, ['RequestResponse']);
      const event = {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level,
        auditID: record.auditID ?? randomUUID(),
        stage: 'ResponseComplete',
        requestURI: record.requestURI,
        verb: record.verb,
        user: record.user ? auditUser(record.user) : {},
        ...(record.impersonatedUser ? { impersonatedUser: auditUser(record.impersonatedUser) } : {}),
        sourceIPs: record.sourceIPs ?? [],
        ...(record.userAgent ? { userAgent: record.userAgent } : {}),
        ...(record.objectRef ? { objectRef: record.objectRef } : {}),
        responseStatus: { metadata: {}, code: record.responseCode },
        ...(requestObject !== undefined ? { requestObject } : {}),
        ...(responseObject !== undefined ? { responseObject } : {}),
        requestReceivedTimestamp: (record.requestReceivedTimestamp ?? now).toISOString(),
        stageTimestamp: now.toISOString(),
        ...(record.decision
          ? {
              annotations: {
                'authorization.k8s.io/decision': record.decision,
                ...(record.reason ? { 'authorization.k8s.io/reason': record.reason } : {}),
              },
            }
          : {}),
      };
      stream.write(`${JSON.stringify(event)}\n`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (stream.destroyed || streamError) return resolve();
        stream.end(() => resolve());
      }),
  };
}
