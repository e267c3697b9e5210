import type { KubernetesObject } from '@kubernetes/client-node';
import { GATEWAY_SERVICE_ACCOUNT, IDENTITIES, SYSTEM_NAMESPACE, serviceAccountUser } from './identities.js';

type Rule = {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
};
type Obj = KubernetesObject & Record<string, unknown>;

const RW = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const LW = ['list', 'watch'];
const DISCOVERY: Rule = {
  nonResourceURLs: ['/version', '/api', '/api/*', '/apis', '/apis/*', '/healthz', '/readyz', '/livez'],
  verbs: ['get'],
};

/**
 * Exactly what each component uses according to higress-istio-needs.md §1.1 (verbs and resources
 * read from the controller, Pilot and console sources), so an authorizing apiserver gives each
 * identity no more than it needs.
 */
const CLUSTER_ROLES: Record<'controller' | 'pilot' | 'console', Rule[]> = {
  controller: [
    { apiGroups: [''], resources: ['services'], verbs: LW },
    // secret informer + McpBridge auth secret GET + automatic-HTTPS certificates (HG pkg/cert/secret.go)
    { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update'] },
    // higress-config informers and the automatic-HTTPS ConfigMaps (HG pkg/cert/config.go, storage.go)
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update'] },
    // Ingress informer and ACME challenge Ingresses (HG pkg/cert/ingress.go)
    {
      apiGroups: ['networking.k8s.io'],
      resources: ['ingresses'],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'delete'],
    },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: LW },
    {
      apiGroups: ['apiextensions.k8s.io'],
      resources: ['customresourcedefinitions'],
      verbs: ['get', 'list', 'watch'],
    },
    { apiGroups: ['networking.higress.io'], resources: ['mcpbridges', 'http2rpcs'], verbs: LW },
    { apiGroups: ['extensions.higress.io'], resources: ['wasmplugins'], verbs: LW },
    DISCOVERY,
  ],
  pilot: [
    { apiGroups: [''], resources: ['namespaces', 'services', 'pods', 'nodes', 'secrets'], verbs: LW },
    // all-namespace ConfigMap informer, plus create/update of higress-ca-root-cert (namespacecontroller.go)
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update'] },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: LW },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: LW },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: LW },
    {
      apiGroups: ['admissionregistration.k8s.io'],
      resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
      verbs: LW,
    },
    { apiGroups: ['networking.istio.io'], resources: ['envoyfilters'], verbs: LW },
    // Pilot 1.27 lists Gateway API kinds whenever their CRDs are served, whatever
    // PILOT_ENABLE_GATEWAY_API says (istiod's ClusterRole in manifests/charts/base grants the group).
    { apiGroups: ['gateway.networking.k8s.io'], resources: ['*'], verbs: LW },
    // SDS authorisation of the gateway's TLS secrets (IS pilot/pkg/credentials/kube/secrets.go)
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    DISCOVERY,
  ],
  console: [
    { apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['list'] },
    { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: RW },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: RW },
    { apiGroups: ['networking.higress.io'], resources: ['mcpbridges'], verbs: RW },
    { apiGroups: ['extensions.higress.io'], resources: ['wasmplugins'], verbs: RW },
    { apiGroups: ['networking.istio.io'], resources: ['envoyfilters'], verbs: RW },
    DISCOVERY,
  ],
};

export function rbacResources(): Obj[] {
  const out: Obj[] = [];
  for (const [component, rules] of Object.entries(CLUSTER_ROLES) as [keyof typeof CLUSTER_ROLES, Rule[]][]) {
    const name = `higress-${component}`;
    out.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules });
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: IDENTITIES[component].user }],
    });
  }
  // Pilot asks (SubjectAccessReview) whether the gateway may `list secrets` before serving its
  // TLS secrets over SDS (IS pilot/pkg/xds/sds.go); this Role is what makes the answer yes.
  const gateway = GATEWAY_SERVICE_ACCOUNT;
  out.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: gateway, namespace: SYSTEM_NAMESPACE },
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
  });
  out.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: gateway, namespace: SYSTEM_NAMESPACE },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: gateway },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: serviceAccountUser(gateway) }],
  });
  return out;
}
