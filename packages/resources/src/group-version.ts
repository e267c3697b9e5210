/**
 * The one home of the Kubernetes group/version string formats: `apiVersion` (`v1` for the core
 * group, `<group>/<version>` otherwise) and the URL prefixes the API is served under (`/api` and
 * `/api/v1` for the core group, `/apis/<group>` and `/apis/<group>/<version>` for the others), as
 * k8s.io/apimachinery schema.GroupVersion.String and the apiserver's APIGroupPrefix, and the
 * group-version-kind text of error messages.
 */

/** `group/version` as written in `apiVersion` (`v1` for the core group). */
export function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Splits an `apiVersion` into group and version. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The path a group (or one version of it) is served under: `/api/v1`, `/apis/apps`, `/apis/apps/v1`. */
export function apiPath(group: string, version?: string): string {
  const base = group === '' ? '/api' : `/apis/${group}`;
  return version === undefined ? base : `${base}/${version}`;
}

/** `group/version, Kind=kind`, as Go's schema.GroupVersionKind.String() (`/v1, Kind=Pod` in core). */
export function groupVersionKind(group: string, version: string, kind: string): string {
  return `${group}/${version}, Kind=${kind}`;
}
