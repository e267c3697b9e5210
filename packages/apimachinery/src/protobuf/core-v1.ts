/**
 * core/v1 kinds that `kubectl create` generators send as protobuf, after k8s.io/api
 * core/v1/generated.proto (field numbers) and core/v1/types.go (which fields are pointers).
 */
import {
  bool,
  int32,
  intOrString,
  type MessageDescriptor,
  map,
  msg,
  msgs,
  pointer,
  str,
  strs,
  time,
} from './descriptor.js';
import { CONDITION, OBJECT_META } from './meta-v1.js';

export const OBJECT_REFERENCE: MessageDescriptor = {
  1: str('kind'),
  2: str('namespace'),
  3: str('name'),
  4: str('uid'),
  5: str('apiVersion'),
  6: str('resourceVersion'),
  7: str('fieldPath'),
};

export const LOCAL_OBJECT_REFERENCE: MessageDescriptor = { 1: str('name') };

export const TYPED_LOCAL_OBJECT_REFERENCE: MessageDescriptor = {
  1: pointer(str('apiGroup')),
  2: str('kind'),
  3: str('name'),
};

export const CONFIG_MAP: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  4: pointer(bool('immutable')),
  2: map('data', 'string'),
  3: map('binaryData', 'bytes'),
};

export const SECRET: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  5: pointer(bool('immutable')),
  2: map('data', 'bytes'),
  4: map('stringData', 'string'),
  3: str('type'),
};

const NAMESPACE_CONDITION: MessageDescriptor = {
  1: str('type'),
  2: str('status'),
  4: time('lastTransitionTime'),
  5: str('reason'),
  6: str('message'),
};

export const NAMESPACE: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  2: msg('spec', { 1: strs('finalizers') }),
  3: msg('status', { 1: str('phase'), 2: msgs('conditions', NAMESPACE_CONDITION) }),
};

export const SERVICE_ACCOUNT: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  2: msgs('secrets', OBJECT_REFERENCE),
  3: msgs('imagePullSecrets', LOCAL_OBJECT_REFERENCE),
  4: pointer(bool('automountServiceAccountToken')),
};

export const SERVICE_PORT: MessageDescriptor = {
  1: str('name'),
  2: str('protocol'),
  6: pointer(str('appProtocol')),
  3: int32('port'),
  4: intOrString('targetPort'),
  5: int32('nodePort'),
};

export const SERVICE_SPEC: MessageDescriptor = {
  1: msgs('ports', SERVICE_PORT),
  2: map('selector', 'string'),
  3: str('clusterIP'),
  18: strs('clusterIPs'),
  4: str('type'),
  5: strs('externalIPs'),
  7: str('sessionAffinity'),
  8: str('loadBalancerIP'),
  9: strs('loadBalancerSourceRanges'),
  10: str('externalName'),
  11: str('externalTrafficPolicy'),
  12: int32('healthCheckNodePort'),
  13: bool('publishNotReadyAddresses'),
  14: msg('sessionAffinityConfig', { 1: msg('clientIP', { 1: pointer(int32('timeoutSeconds')) }) }),
  19: strs('ipFamilies'),
  17: pointer(str('ipFamilyPolicy')),
  20: pointer(bool('allocateLoadBalancerNodePorts')),
  21: pointer(str('loadBalancerClass')),
  22: pointer(str('internalTrafficPolicy')),
  23: pointer(str('trafficDistribution')),
};

const PORT_STATUS: MessageDescriptor = { 1: int32('port'), 2: str('protocol'), 3: pointer(str('error')) };

export const LOAD_BALANCER_STATUS: MessageDescriptor = {
  1: msgs('ingress', {
    1: str('ip'),
    2: str('hostname'),
    3: pointer(str('ipMode')),
    4: msgs('ports', PORT_STATUS),
  }),
};

export const SERVICE: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  2: msg('spec', SERVICE_SPEC),
  3: msg('status', { 1: msg('loadBalancer', LOAD_BALANCER_STATUS), 2: msgs('conditions', CONDITION) }),
};
