/**
 * User impersonation, above authentication and authorization (it takes the authenticated user and
 * asks the authorizer), following k8s.io/apiserver/pkg/endpoints/filters/impersonation.go
 * (WithImpersonation, buildImpersonationRequests):
 * - `Impersonate-User` names a user (a `system:serviceaccount:<ns>:<name>` name is a service
 *   account), `Impersonate-Group` (repeatable) groups, `Impersonate-Uid` a uid and
 *   `Impersonate-Extra-<key>` (repeatable) extra values; key lower-cased and %-unescaped;
 * - every part needs the `impersonate` verb for the requester: users, groups, serviceaccounts
 *   (core group), uids and userextras/<key> (authentication.k8s.io); the first one refused is a
 *   403 with upstream's forbidden message — impersonation headers are never silently ignored;
 * - groups, uid or extras without a user is refused as a bad request (upstream answers 500 here;
 *   the input is the client's fault, so this is a 400);
 * - the impersonated user gains `system:authenticated` unless a group given is it or
 *   `system:unauthenticated`; `system:anonymous` gains `system:unauthenticated` instead; a service
 *   account without explicit groups gets its fixed service-account groups.
 */
import { badRequest } from '@hs/apimachinery';
import { parseServiceAccountUsername, serviceAccountGroups } from './authn/service-account.js';
import {
  SYSTEM_ANONYMOUS,
  SYSTEM_AUTHENTICATED,
  SYSTEM_UNAUTHENTICATED,
  type UserInfo,
} from './authn/types.js';
import { forbiddenStatus } from './authz/forbidden.js';
import type { Attributes, Authorizer } from './authz/types.js';

export const IMPERSONATE_USER = 'impersonate-user';
export const IMPERSONATE_GROUP = 'impersonate-group';
export const IMPERSONATE_UID = 'impersonate-uid';
export const IMPERSONATE_EXTRA_PREFIX = 'impersonate-extra-';

/** Request headers with lower-cased names and every value of a repeated header kept apart. */
export type HeaderValues = Readonly<Record<string, readonly string[] | undefined>>;

/** Header values from Node's `rawHeaders` (name, value, name, value, ...), names lower-cased. */
export function headerValuesFrom(rawHeaders: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (Object.hasOwn(out, name)) out[name]!.push(rawHeaders[i + 1]!);
    else out[name] = [rawHeaders[i + 1]!];
  }
  return out;
}

/** Whether a request carries any impersonation header (names lower-cased, as Node gives them). */
export const hasImpersonationHeaders = (headers: Readonly<Record<string, unknown>>) =>
  Object.keys(headers).some((h) => h.startsWith('impersonate-'));

function unescapeKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key; // upstream keeps malformed keys as they are
  }
}

interface Part {
  attrs: Omit<Attributes, 'user'>;
  apply(target: Target): void;
}

interface Target {
  username: string;
  uid?: string;
  groups: string[];
  extra: Record<string, string[]>;
}

const attrs = (apiGroup: string, resource: string, name: string, more: Partial<Attributes> = {}) => ({
  verb: 'impersonate',
  resourceRequest: true,
  apiGroup,
  resource,
  subresource: '',
  namespace: '',
  name,
  path: '',
  ...more,
});

function partsOf(headers: HeaderValues): Part[] {
  const parts: Part[] = [];
  const user = headers[IMPERSONATE_USER]?.[0] ?? '';
  const groups = headers[IMPERSONATE_GROUP] ?? [];
  const uid = headers[IMPERSONATE_UID]?.[0] ?? '';
  const extraHeaders = Object.keys(headers).filter((h) => h.startsWith(IMPERSONATE_EXTRA_PREFIX));
  if (user) {
    const sa = parseServiceAccountUsername(user);
    parts.push(
      sa
        ? {
            attrs: attrs('', 'serviceaccounts', sa.name, { namespace: sa.namespace }),
            apply: (t) => {
              t.username = user;
              if (groups.length === 0) t.groups = serviceAccountGroups(sa.namespace);
            },
          }
        : {
            attrs: attrs('', 'users', user),
            apply: (t) => {
              t.username = user;
            },
          },
    );
  }
  for (const group of groups) {
    parts.push({
      attrs: attrs('', 'groups', group),
      apply: (t) => {
        t.groups.push(group);
      },
    });
  }
  for (const header of extraHeaders) {
    const key = unescapeKey(header.slice(IMPERSONATE_EXTRA_PREFIX.length));
    for (const value of headers[header] ?? []) {
      parts.push({
        attrs: attrs('authentication.k8s.io', 'userextras', value, { subresource: key }),
        apply: (t) => {
          t.extra[key] = [...(t.extra[key] ?? []), value];
        },
      });
    }
  }
  if (uid) {
    parts.push({
      attrs: attrs('authentication.k8s.io', 'uids', uid),
      apply: (t) => {
        t.uid = uid;
      },
    });
  }
  if (!user && parts.length > 0) {
    throw badRequest(
      'requested Impersonate-Group, Impersonate-Uid or Impersonate-Extra-* without impersonating a user (Impersonate-User)',
    );
  }
  return parts;
}

/**
 * The user `requestor` acts as, or undefined when the request carries no impersonation headers.
 * Throws a 400 StatusError for groups/uid/extras without a user and a 403 StatusError for the
 * first part `requestor` may not impersonate.
 */
export async function impersonatedUser(
  authorizer: Authorizer,
  requestor: UserInfo,
  headers: HeaderValues,
): Promise<UserInfo | undefined> {
  const parts = partsOf(headers);
  if (parts.length === 0) return undefined;
  const target: Target = { username: '', groups: [], extra: {} };
  for (const part of parts) {
    const attributes: Attributes = { ...part.attrs, user: requestor };
    const res = await authorizer.authorize(attributes);
    if (res.decision !== 'allow') throw forbiddenStatus(attributes, res.reason);
    part.apply(target);
  }
  if (target.username !== SYSTEM_ANONYMOUS) {
    if (!target.groups.includes(SYSTEM_AUTHENTICATED) && !target.groups.includes(SYSTEM_UNAUTHENTICATED)) {
      target.groups.push(SYSTEM_AUTHENTICATED);
    }
  } else if (!target.groups.includes(SYSTEM_UNAUTHENTICATED)) {
    target.groups.push(SYSTEM_UNAUTHENTICATED);
  }
  return {
    username: target.username,
    ...(target.uid ? { uid: target.uid } : {}),
    groups: target.groups,
    ...(Object.keys(target.extra).length > 0 ? { extra: target.extra } : {}),
  };
}
