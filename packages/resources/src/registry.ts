/**
 * THE resource registry: every served kind (one entry per kind, grouped by API group under
 * kinds/) and the look-ups every component derives routes, discovery, storage keys, validation,
 * tables, OpenAPI and CRDs from.
 */

import { groupVersion, parseApiVersion } from './group-version.js';
import { admissionRegistrationKinds } from './kinds/admissionregistration.js';
import { apiExtensionsKinds } from './kinds/apiextensions.js';
import { authenticationKinds } from './kinds/authentication.js';
import { authorizationKinds } from './kinds/authorization.js';
import { coordinationKinds } from './kinds/coordination.js';
import { coreKinds } from './kinds/core.js';
import { discoveryKinds } from './kinds/discovery.js';
import { gatewayApiKinds } from './kinds/gateway-api.js';
import { higressKinds } from './kinds/higress.js';
import { istioKinds } from './kinds/istio.js';
import { networkingKinds } from './kinds/networking.js';
import { rbacKinds } from './kinds/rbac.js';
import type { ApiGroupInfo, Registry, ResourceDefinition } from './types.js';
import { compareKubeVersions } from './versions.js';

/** Every served kind. */
export const resourceDefinitions: readonly ResourceDefinition[] = [
  ...coreKinds,
  ...admissionRegistrationKinds,
  ...apiExtensionsKinds,
  ...authenticationKinds,
  ...authorizationKinds,
  ...coordinationKinds,
  ...discoveryKinds,
  ...networkingKinds,
  ...rbacKinds,
  ...gatewayApiKinds,
  ...higressKinds,
  ...istioKinds,
];

/** Builds the look-ups over a list of entries (exported for tests of registry invariants). */
export function createRegistry(entries: readonly ResourceDefinition[]): Registry {
  const byGroupVersion = new Map<string, ResourceDefinition[]>();
  const groupVersions = new Map<string, Set<string>>();
  for (const entry of entries) {
    for (const version of entry.versions) {
      const key = groupVersion(entry.group, version);
      byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), entry]);
      groupVersions.set(entry.group, (groupVersions.get(entry.group) ?? new Set()).add(version));
    }
  }
  const groups: ApiGroupInfo[] = [...groupVersions.entries()]
    .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([group, versions]) => {
      const sorted = [...versions].sort(compareKubeVersions);
      return { group, versions: sorted, preferredVersion: sorted[0] ?? '' };
    });
  return {
    entries,
    groups: () => groups,
    resourcesFor: (group, version) => byGroupVersion.get(groupVersion(group, version)) ?? [],
    find(group, version, plural) {
      const name = plural.toLowerCase();
      const candidates = byGroupVersion.get(groupVersion(group, version)) ?? [];
      return (
        candidates.find((entry) => entry.plural === name) ??
        candidates.find((entry) => entry.singular === name || entry.shortNames.includes(name))
      );
    },
    forObject(apiVersion, kind) {
      const { group, version } = parseApiVersion(apiVersion);
      return (byGroupVersion.get(groupVersion(group, version)) ?? []).find((entry) => entry.kind === kind);
    },
  };
}

export const registry: Registry = createRegistry(resourceDefinitions);

/** Entries served as CustomResourceDefinitions, in registry order. */
export function customDefinitions(): readonly ResourceDefinition[] {
  return registry.entries.filter((entry) => entry.custom);
}
