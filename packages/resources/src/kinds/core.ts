/** The core group (`/api/v1`): scopes, names and printers as kube-apiserver serves them. */
import type { ResourceDefinition } from '../types.js';
import { namespaceKind, nodeKind } from './core-cluster.js';
import { configMapKind, eventKind, secretKind, serviceAccountKind } from './core-config.js';
import { endpointsKind, podKind, serviceKind } from './core-workloads.js';

export const coreKinds: readonly ResourceDefinition[] = [
  namespaceKind,
  nodeKind,
  serviceKind,
  podKind,
  endpointsKind,
  secretKind,
  configMapKind,
  eventKind,
  serviceAccountKind,
];
