/**
 * gateway.networking.k8s.io (standard channel, as sigs.k8s.io/gateway-api v1.2/v1.3 CRDs):
 * GatewayClass, Gateway and HTTPRoute served as v1 (storage) and v1beta1; ReferenceGrant as
 * v1beta1 only. Categories and printer columns as the upstream CRDs declare them.
 */
import {
  gatewayClassSchema,
  gatewaySchema,
  httpRouteSchema,
  referenceGrantSchema,
} from '../schemas/gateway-api.js';
import type { ResourceDefinition } from '../types.js';
import { ageColumn, conditionStatus, nameColumn } from './columns.js';
import { customKind } from './common.js';

const GROUP = 'gateway.networking.k8s.io';

export const gatewayClassKind = customKind({
  group: GROUP,
  versions: ['v1', 'v1beta1'],
  kind: 'GatewayClass',
  plural: 'gatewayclasses',
  singular: 'gatewayclass',
  shortNames: ['gc'],
  categories: ['gateway-api'],
  scope: 'Cluster',
  schema: gatewayClassSchema,
  printerColumns: [
    nameColumn,
    { name: 'Controller', type: 'string', jsonPath: '.spec.controllerName' },
    {
      name: 'Accepted',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Accepted")].status',
      compute: conditionStatus('Accepted'),
    },
    ageColumn,
    { name: 'Description', type: 'string', jsonPath: '.spec.description', priority: 1 },
  ],
  description:
    'GatewayClass describes a class of Gateways available to the user for creating Gateway resources.',
});

export const gatewayKind = customKind({
  group: GROUP,
  versions: ['v1', 'v1beta1'],
  kind: 'Gateway',
  plural: 'gateways',
  singular: 'gateway',
  shortNames: ['gtw'],
  categories: ['gateway-api'],
  schema: gatewaySchema,
  printerColumns: [
    nameColumn,
    { name: 'Class', type: 'string', jsonPath: '.spec.gatewayClassName' },
    { name: 'Address', type: 'string', jsonPath: '.status.addresses[*].value' },
    {
      name: 'Programmed',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Programmed")].status',
      compute: conditionStatus('Programmed'),
    },
    ageColumn,
  ],
  description:
    'Gateway represents an instance of a service-traffic handling infrastructure by binding Listeners to a set of IP addresses.',
});

export const httpRouteKind = customKind({
  group: GROUP,
  versions: ['v1', 'v1beta1'],
  kind: 'HTTPRoute',
  plural: 'httproutes',
  singular: 'httproute',
  categories: ['gateway-api'],
  schema: httpRouteSchema,
  printerColumns: [nameColumn, { name: 'Hostnames', type: 'string', jsonPath: '.spec.hostnames' }, ageColumn],
  description:
    'HTTPRoute provides a way to route HTTP requests. This includes the capability to match requests by hostname, path, header, or query param.',
});

export const referenceGrantKind = customKind({
  group: GROUP,
  versions: ['v1beta1'],
  kind: 'ReferenceGrant',
  plural: 'referencegrants',
  singular: 'referencegrant',
  shortNames: ['refgrant'],
  categories: ['gateway-api'],
  schema: referenceGrantSchema,
  subresources: { status: false },
  description:
    'ReferenceGrant identifies kinds of resources in other namespaces that are trusted to reference the specified kinds of resources in the same namespace as the policy.',
});

export const gatewayApiKinds: readonly ResourceDefinition[] = [
  gatewayClassKind,
  gatewayKind,
  httpRouteKind,
  referenceGrantKind,
];
