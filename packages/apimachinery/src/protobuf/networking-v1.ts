/**
 * networking.k8s.io/v1 Ingress, after k8s.io/api networking/v1/generated.proto and types.go.
 * IngressRule embeds IngressRuleValue inline (`http` sits next to `host` in JSON).
 */

import { TYPED_LOCAL_OBJECT_REFERENCE } from './core-v1.js';
import { int32, type MessageDescriptor, msg, msgs, pointer, str, strs } from './descriptor.js';
import { OBJECT_META } from './meta-v1.js';

export const INGRESS_BACKEND: MessageDescriptor = {
  4: msg('service', { 1: str('name'), 2: msg('port', { 1: str('name'), 2: int32('number') }) }),
  3: msg('resource', TYPED_LOCAL_OBJECT_REFERENCE),
};

export const HTTP_INGRESS_PATH: MessageDescriptor = {
  1: str('path'),
  3: pointer(str('pathType')),
  2: msg('backend', INGRESS_BACKEND),
};

export const INGRESS_RULE: MessageDescriptor = {
  1: str('host'),
  2: {
    ...msg('ingressRuleValue', { 1: msg('http', { 1: msgs('paths', HTTP_INGRESS_PATH) }) }),
    inline: true,
  },
};

export const INGRESS_SPEC: MessageDescriptor = {
  4: pointer(str('ingressClassName')),
  1: msg('defaultBackend', INGRESS_BACKEND),
  2: msgs('tls', { 1: strs('hosts'), 2: str('secretName') }),
  3: msgs('rules', INGRESS_RULE),
};

const INGRESS_LOAD_BALANCER_STATUS: MessageDescriptor = {
  1: msgs('ingress', {
    1: str('ip'),
    2: str('hostname'),
    4: msgs('ports', { 1: int32('port'), 2: str('protocol'), 3: pointer(str('error')) }),
  }),
};

export const INGRESS: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  2: msg('spec', INGRESS_SPEC),
  3: msg('status', { 1: msg('loadBalancer', INGRESS_LOAD_BALANCER_STATUS) }),
};
