/**
 * EndpointSlice strategy, after k8s.io/kubernetes pkg/apis/discovery/v1/defaults.go
 * (SetDefaults_EndpointPort: name "" and protocol TCP), the zero value Go writes for each
 * endpoint's `conditions` struct (`{}`, discovery/v1 types.go) and
 * pkg/registry/discovery/endpointslice/strategy.go dropTopologyOnV1 (a v1 write clears
 * `deprecatedTopology` of endpoints it changes). The generation rule is registry data
 * (`labelsBumpGeneration`).
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, ResourceStrategy } from '../types.js';
import { child, fill, items } from './defaults.js';

function dropTopology(obj: KubeObject): void {
  for (const endpoint of items(obj, 'endpoints')) delete endpoint.deprecatedTopology;
}

export const endpointSliceStrategy: ResourceStrategy = {
  applyDefaults(obj) {
    for (const endpoint of items(obj, 'endpoints')) child(endpoint, 'conditions');
    for (const port of items(obj, 'ports')) {
      fill(port, 'name', '');
      fill(port, 'protocol', 'TCP');
    }
  },
  prepareForCreate: dropTopology,
  prepareForUpdate(obj, old) {
    if (!isDeepStrictEqual(obj.endpoints, old.endpoints)) dropTopology(obj);
  },
};
