/** networking.k8s.io/v1: Ingress (namespaced, status subresource) and IngressClass (cluster). */
import { ingressClassSchema, ingressSchema } from '../schemas/networking.js';
import { ingressClassStrategy, ingressStrategy } from '../strategies/ingress.js';
import type { KubeObject, ResourceDefinition } from '../types.js';
import { ageColumn, listAt, loadBalancerAddresses, nameColumn, orNone, stringAt } from './columns.js';
import { builtInKind } from './common.js';

/** Ingress HOSTS: the rules' hosts, at most 3 then `+ N more...`, `*` when none names one (printers.go formatHosts). */
function ingressHosts(obj: KubeObject): string {
  const rules = listAt(obj, 'spec.rules');
  const hosts: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (hosts.length === 3) more = true;
    const host = stringAt(rule, 'host');
    if (!more && host !== '') hosts.push(host);
  }
  if (hosts.length === 0) return '*';
  return more ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

/** Ingress PORTS: 80, plus 443 when TLS is configured. */
function ingressPorts(obj: KubeObject): string {
  return listAt(obj, 'spec.tls').length > 0 ? '80, 443' : '80';
}

/** IngressClass PARAMETERS: `Kind.apiGroup/name`. */
function ingressClassParameters(obj: KubeObject): string {
  const kind = stringAt(obj, 'spec.parameters.kind');
  if (kind === '') return '<none>';
  const group = stringAt(obj, 'spec.parameters.apiGroup');
  return `${kind}${group === '' ? '' : `.${group}`}/${stringAt(obj, 'spec.parameters.name')}`;
}

export const ingressKind = builtInKind({
  group: 'networking.k8s.io',
  versions: ['v1'],
  kind: 'Ingress',
  plural: 'ingresses',
  singular: 'ingress',
  shortNames: ['ing'],
  schema: ingressSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'Class',
      type: 'string',
      jsonPath: '.spec.ingressClassName',
      compute: (obj) => orNone(stringAt(obj, 'spec.ingressClassName')),
      description: 'The name of the IngressClass resource that should be used for additional configuration',
    },
    {
      name: 'Hosts',
      type: 'string',
      jsonPath: '.spec.rules[*].host',
      compute: ingressHosts,
      description: 'Hosts that incoming requests are matched against before the ingress rule',
    },
    {
      name: 'Address',
      type: 'string',
      jsonPath: '.status.loadBalancer.ingress',
      compute: (obj) => loadBalancerAddresses(obj, 'status.loadBalancer.ingress').join(','),
      description: 'Address is a list containing ingress points for the load-balancer',
    },
    {
      name: 'Ports',
      type: 'string',
      jsonPath: '.spec.tls',
      compute: ingressPorts,
      description: 'Ports of TLS configurations that open',
    },
    ageColumn,
  ],
  subresources: { status: true },
  tracksGeneration: true,
  strategy: ingressStrategy,
  description:
    'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend. An Ingress can be configured to give services externally-reachable urls, load balance traffic, terminate SSL, offer name based virtual hosting etc.',
});

export const ingressClassKind = builtInKind({
  group: 'networking.k8s.io',
  versions: ['v1'],
  kind: 'IngressClass',
  plural: 'ingressclasses',
  singular: 'ingressclass',
  scope: 'Cluster',
  schema: ingressClassSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'Controller',
      type: 'string',
      jsonPath: '.spec.controller',
      description: 'Controller that is responsible for handling this class',
    },
    {
      name: 'Parameters',
      type: 'string',
      jsonPath: '.spec.parameters',
      compute: ingressClassParameters,
      description: 'A reference to a resource with additional parameters',
    },
    ageColumn,
  ],
  strategy: ingressClassStrategy,
  tracksGeneration: true,
  description:
    'IngressClass represents the class of the Ingress, referenced by the Ingress Spec. The `ingressclass.kubernetes.io/is-default-class` annotation can be used to indicate that an IngressClass should be considered default.',
});

export const networkingKinds: readonly ResourceDefinition[] = [ingressKind, ingressClassKind];
