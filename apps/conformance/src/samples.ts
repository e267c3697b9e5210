/**
 * One small valid object per stored registry kind, the body of the generic CRUD scenario. The
 * spec of each is what a user would write; the servers add the rest. `change` is a spec-level
 * edit for update and patch steps (a merge patch body).
 */
export interface Sample {
  /** Object without apiVersion/kind/metadata.name/namespace (added by the scenario); a function gets the namespace. */
  body: Record<string, unknown> | ((namespace: string) => Record<string, unknown>);
  /** A merge patch that changes something the kind keeps. */
  change: Record<string, unknown>;
}

const rules = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }];
const user = { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' };

/** By `<group>/<kind>`, group '' for core. */
export const SAMPLES: Record<string, Sample> = {
  '/Namespace': { body: {}, change: { metadata: { annotations: { touched: 'yes' } } } },
  '/Node': { body: { spec: {} }, change: { spec: { unschedulable: true } } },
  '/Service': {
    body: { spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } },
    change: { spec: { selector: { app: 'api' } } },
  },
  '/Pod': {
    body: { spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } },
    change: { spec: { activeDeadlineSeconds: 60 } },
  },
  '/Endpoints': {
    body: { subsets: [{ addresses: [{ ip: '10.1.0.1' }], ports: [{ name: 'http', port: 80 }] }] },
    change: { subsets: [{ addresses: [{ ip: '10.1.0.2' }], ports: [{ name: 'http', port: 80 }] }] },
  },
  '/Secret': { body: { type: 'Opaque', data: { k: 'dmFsdWU=' } }, change: { stringData: { s: 'plain' } } },
  '/ConfigMap': { body: { data: { k: 'v' } }, change: { data: { k: 'w', extra: 'x' } } },
  '/Event': {
    body: (namespace) => ({
      involvedObject: { kind: 'ConfigMap', name: 'x', apiVersion: 'v1', namespace },
      reason: 'Tested',
      message: 'conformance',
      type: 'Normal',
      source: { component: 'conformance' },
    }),
    change: { message: 'changed' },
  },
  '/ServiceAccount': { body: {}, change: { automountServiceAccountToken: false } },
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': {
    body: {},
    change: { metadata: { annotations: { touched: 'yes' } } },
  },
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': {
    body: {},
    change: { metadata: { annotations: { touched: 'yes' } } },
  },
  'coordination.k8s.io/Lease': {
    body: { spec: { holderIdentity: 'node-a', leaseDurationSeconds: 15 } },
    change: { spec: { holderIdentity: 'node-b' } },
  },
  'discovery.k8s.io/EndpointSlice': {
    body: {
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.0.1'], conditions: { ready: true } }],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    },
    change: { endpoints: [{ addresses: ['10.1.0.9'] }] },
  },
  'networking.k8s.io/Ingress': {
    body: {
      spec: {
        rules: [
          {
            host: 'a.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    change: { spec: { ingressClassName: 'higress' } },
  },
  'networking.k8s.io/IngressClass': {
    body: { spec: { controller: 'higress.io/higress-controller' } },
    change: { metadata: { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'false' } } },
  },
  'rbac.authorization.k8s.io/Role': { body: { rules }, change: { rules: [{ ...rules[0], verbs: ['get'] }] } },
  'rbac.authorization.k8s.io/ClusterRole': {
    body: { rules },
    change: { rules: [{ ...rules[0], verbs: ['get'] }] },
  },
  'rbac.authorization.k8s.io/RoleBinding': {
    body: {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [user],
    },
    change: { subjects: [{ ...user, name: 'bob' }] },
  },
  'rbac.authorization.k8s.io/ClusterRoleBinding': {
    body: {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' },
      subjects: [user],
    },
    change: { subjects: [{ ...user, name: 'bob' }] },
  },
  'gateway.networking.k8s.io/GatewayClass': {
    body: { spec: { controllerName: 'example.com/gateway-controller' } },
    change: { spec: { description: 'changed' } },
  },
  'gateway.networking.k8s.io/Gateway': {
    body: {
      spec: { gatewayClassName: 'higress', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    },
    change: { spec: { gatewayClassName: 'other' } },
  },
  'gateway.networking.k8s.io/HTTPRoute': {
    body: { spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] } },
    change: { spec: { hostnames: ['a.example.com'] } },
  },
  'gateway.networking.k8s.io/ReferenceGrant': {
    body: {
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'other' }],
        to: [{ group: '', kind: 'Service' }],
      },
    },
    change: { spec: { to: [{ group: '', kind: 'Service', name: 'web' }] } },
  },
  'networking.higress.io/McpBridge': {
    body: { spec: { registries: [{ name: 'nacos', type: 'nacos2', domain: '127.0.0.1', port: 8848 }] } },
    change: { spec: { registries: [{ name: 'nacos', type: 'nacos2', domain: '127.0.0.2', port: 8848 }] } },
  },
  'networking.higress.io/Http2Rpc': {
    body: { spec: { dubbo: { service: 'com.example.Hello', version: '1.0.0' } } },
    change: { spec: { dubbo: { service: 'com.example.Hello', version: '2.0.0' } } },
  },
  'extensions.higress.io/WasmPlugin': {
    body: { spec: { url: 'oci://example.com/plugin:1.0.0', phase: 'AUTHN', priority: 10 } },
    change: { spec: { priority: 20 } },
  },
  'networking.istio.io/EnvoyFilter': {
    body: {
      spec: {
        configPatches: [{ applyTo: 'HTTP_FILTER', patch: { operation: 'MERGE', value: { name: 'x' } } }],
      },
    },
    change: { spec: { priority: 5 } },
  },
};
