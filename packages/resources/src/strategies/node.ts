/**
 * Node strategy, after k8s.io/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_NodeStatus:
 * allocatable defaults to capacity), the zero values Go writes for NodeStatus' struct fields
 * (`daemonEndpoints`, `nodeInfo`, k8s.io/api core/v1 types.go) and the TaintNodesAtCreation
 * admission plugin (plugin/pkg/admission/nodetaint): a new Node is tainted not-ready until its
 * node controller says otherwise.
 */
import type { KubeObject, ResourceStrategy } from '../types.js';
import { asRecord, child, fill, items } from './defaults.js';

/** NodeSystemInfo's string fields: none is `omitempty`. */
const NODE_INFO = [
  'machineID',
  'systemUUID',
  'bootID',
  'kernelVersion',
  'osImage',
  'containerRuntimeVersion',
  'kubeletVersion',
  'kubeProxyVersion',
  'operatingSystem',
  'architecture',
] as const;

const NOT_READY = 'node.kubernetes.io/not-ready';

function applyDefaults(obj: KubeObject): void {
  child(obj, 'spec');
  const status = child(obj, 'status');
  const capacity = asRecord(status.capacity);
  if (capacity) fill(status, 'allocatable', { ...capacity });
  fill(child(child(status, 'daemonEndpoints'), 'kubeletEndpoint'), 'Port', 0);
  const nodeInfo = child(status, 'nodeInfo');
  for (const field of NODE_INFO) fill(nodeInfo, field, '');
}

export const nodeStrategy: ResourceStrategy = {
  applyDefaults,
  mutatingAdmission(obj, old) {
    if (old) return;
    const spec = child(obj, 'spec');
    // Taint.MatchTaint: same key and effect
    if (items(spec, 'taints').some((t) => t.key === NOT_READY && t.effect === 'NoSchedule')) return;
    spec.taints = [
      ...(Array.isArray(spec.taints) ? spec.taints : []),
      { key: NOT_READY, effect: 'NoSchedule' },
    ];
  },
};
