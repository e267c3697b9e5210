/**
 * The 403 answer, following k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go
 * (forbiddenMessage + Forbidden) and apimachinery's NewForbidden:
 * `configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "x"`.
 */
import { type StatusDetails, StatusError } from '@hs/apimachinery';
import type { Attributes, Authorizer } from './types.js';

export function forbiddenMessage(attrs: Attributes): string {
  const user = JSON.stringify(attrs.user.username);
  if (!attrs.resourceRequest) return `User ${user} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const base = `User ${user} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup)}`;
  return attrs.namespace
    ? `${base} in the namespace ${JSON.stringify(attrs.namespace)}`
    : `${base} at the cluster scope`;
}

/** A 403 Forbidden StatusError for a denied request; `reason` (the authorizer's) is appended after ": ". */
export function forbiddenStatus(attrs: Attributes, reason = ''): StatusError {
  const msg = reason ? `${forbiddenMessage(attrs)}: ${reason}` : forbiddenMessage(attrs);
  const qualified = attrs.resource
    ? attrs.apiGroup
      ? `${attrs.resource}.${attrs.apiGroup}`
      : attrs.resource
    : '';
  let message: string;
  if (!qualified) message = `forbidden: ${msg}`;
  else if (!attrs.name) message = `${qualified} is forbidden: ${msg}`;
  else message = `${qualified} ${JSON.stringify(attrs.name)} is forbidden: ${msg}`;
  const details: StatusDetails = {
    ...(attrs.name ? { name: attrs.name } : {}),
    ...(attrs.apiGroup ? { group: attrs.apiGroup } : {}),
    ...(attrs.resource ? { kind: attrs.resource } : {}),
  };
  return new StatusError(403, 'Forbidden', message, details);
}

/** Authorizes or throws the 403 StatusError; returns the allow reason. */
export async function authorizeRequest(authorizer: Authorizer, attrs: Attributes): Promise<string> {
  const res = await authorizer.authorize(attrs);
  if (res.decision === 'allow') return res.reason;
  throw forbiddenStatus(attrs, res.reason);
}
