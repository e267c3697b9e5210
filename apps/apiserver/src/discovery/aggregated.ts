/**
 * Aggregated discovery (apidiscovery.k8s.io v2 / v2beta1 APIGroupDiscoveryList), as
 * k8s.io/apiserver/pkg/endpoints/discovery/aggregated serves it: kubectl then needs two discovery
 * requests (`/api`, `/apis`) instead of one per group-version. client-go picks the decoder from the
 * response Content-Type, so it carries the exact `g`, `v` and `as` parameters.
 */
import type { ApiGroupInfo, Registry, ResourceDefinition } from '@hs/resources';

export const discoveryContentType = (version: string) =>
  `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;

function resourceEntry(def: ResourceDefinition, version: string) {
  const responseKind = { group: def.group, version, kind: def.kind };
  return {
    resource: def.plural,
    responseKind,
    scope: def.scope,
    singularResource: def.singular,
    verbs: [...def.verbs].sort(),
    ...(def.shortNames.length > 0 ? { shortNames: [...def.shortNames] } : {}),
    ...(def.categories.length > 0 ? { categories: [...def.categories] } : {}),
    ...(def.subresources.status
      ? { subresources: [{ subresource: 'status', responseKind, verbs: ['get', 'patch', 'update'] }] }
      : {}),
  };
}

function groupEntry(registry: Registry, info: ApiGroupInfo) {
  // The preferred version comes first: clients take the first version as preferred.
  const versions = [info.preferredVersion, ...info.versions.filter((v) => v !== info.preferredVersion)];
  return {
    metadata: { name: info.group, creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: registry.resourcesFor(info.group, version).map((def) => resourceEntry(def, version)),
      freshness: 'Current',
    })),
  };
}

/** The document for `/api` (core group only) or `/apis` (every named group). */
export function aggregatedDiscovery(registry: Registry, scope: 'core' | 'named', apiVersion: string) {
  const groups = registry.groups().filter((g) => (scope === 'core' ? g.group === '' : g.group !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map((info) => groupEntry(registry, info)),
  };
}
