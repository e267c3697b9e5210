import type { Consumer } from './layout.js';

export const SYSTEM_NAMESPACE = 'higress-system';

/** `system:serviceaccount:<ns>:<sa>`, the user name Kubernetes gives a service account. */
export function serviceAccountUser(sa: string, ns = SYSTEM_NAMESPACE): string {
  return `system:serviceaccount:${ns}:${sa}`;
}

/** The groups Kubernetes puts a service account in. */
export function serviceAccountGroups(ns = SYSTEM_NAMESPACE): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${ns}`];
}

/**
 * Who each consumer is to the apiserver. Client certificates carry the user as CN and the groups
 * as O (the Kubernetes x509 authenticator's convention). The components authenticate as the
 * service accounts they would have in a cluster, so the RBAC seeds read like a cluster's and
 * bind exactly these users; the admin is a plain user in `system:masters`.
 */
export const IDENTITIES: Record<Consumer, { user: string; groups: string[] }> = {
  controller: { user: serviceAccountUser('higress-controller'), groups: serviceAccountGroups() },
  pilot: { user: serviceAccountUser('higress-pilot'), groups: serviceAccountGroups() },
  console: { user: serviceAccountUser('higress-console'), groups: serviceAccountGroups() },
  admin: { user: 'higress-admin', groups: ['system:masters'] },
};

/** The gateway's identity: its mTLS SPIFFE ID and the subject of its istio-token. */
export const GATEWAY_SERVICE_ACCOUNT = 'higress-gateway';
export const GATEWAY_SPIFFE_ID = `spiffe://cluster.local/ns/${SYSTEM_NAMESPACE}/sa/${GATEWAY_SERVICE_ACCOUNT}`;

/** Pod labels matching the controller's --gatewaySelectorKey/Value (HS compose/env/controller.env). */
export const GATEWAY_POD_LABELS = `app="higress-gateway"\nhigress="higress-system-higress-gateway"\n`;

/** Audience Pilot's JWT_RULE checks (higress-istio-needs §6.4). */
export const ISTIO_CA_AUDIENCE = 'istio-ca';

/** uid the Istio images (pilot-discovery, pilot-agent/Envoy) run as. */
export const ISTIO_PROXY_UID = 1337;
