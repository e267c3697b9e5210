/**
 * Endpoints defaults, after k8s.io/kubernetes pkg/apis/core/v1/defaults.go SetDefaults_Endpoints:
 * a port without a protocol is TCP.
 */
import type { ResourceStrategy } from '../types.js';
import { fillString, items } from './defaults.js';

export const endpointsStrategy: ResourceStrategy = {
  applyDefaults(obj) {
    for (const subset of items(obj, 'subsets'))
      for (const port of items(subset, 'ports')) fillString(port, 'protocol', 'TCP');
  },
};
