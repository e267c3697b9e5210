/**
 * Service-account user names, as k8s.io/apiserver/pkg/authentication/serviceaccount/util.go:
 * `system:serviceaccount:<namespace>:<name>`, in groups `system:serviceaccounts` and
 * `system:serviceaccounts:<namespace>`.
 */
export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';
export const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';

export const serviceAccountUsername = (namespace: string, name: string) =>
  `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;

/** Splits a service-account user name; undefined when `username` is not one. */
export function parseServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  if (!namespace || !name) return undefined;
  return { namespace, name };
}

export const serviceAccountGroups = (namespace: string) => [
  SERVICE_ACCOUNTS_GROUP,
  `${SERVICE_ACCOUNTS_GROUP}:${namespace}`,
];

/** Upstream MatchesUsername: does `username` name the service account `namespace/name`? */
export const matchesServiceAccount = (namespace: string, name: string, username: string) =>
  username === serviceAccountUsername(namespace, name);
