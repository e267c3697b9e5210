/** Core kinds of service discovery and workloads: Service, Pod, Endpoints. */
import { endpointsSchema, serviceSchema } from '../schemas/core.js';
import { podSchema } from '../schemas/pod.js';
import { endpointsStrategy } from '../strategies/endpoints.js';
import { podStrategy } from '../strategies/pod.js';
import { serviceStrategy } from '../strategies/service.js';
import type { ListMergeKey } from '../types.js';
import { FIELD_DOCS } from './column-docs.js';
import { ageColumn, nameColumn, orNone, stringAt } from './columns.js';
import { builtInKind, builtInMergeKeys, conditionsByType } from './common.js';
import {
  endpointsList,
  podIp,
  podReadinessGates,
  podReady,
  podRestarts,
  podStatus,
  serviceClusterIp,
  serviceExternalIp,
  servicePorts,
  serviceSelector,
} from './core-columns.js';

/** Container list fields (patchStrategy/patchMergeKey tags of core/v1 Container). */
function containerMergeKeys(path: string): ListMergeKey[] {
  return [
    { path, mergeKey: 'name', strategy: 'merge', listType: 'map' },
    {
      path: `${path}[].ports`,
      mergeKey: 'containerPort',
      strategy: 'merge',
      listType: 'map',
      listMapKeys: ['containerPort', 'protocol'],
    },
    { path: `${path}[].env`, mergeKey: 'name', strategy: 'merge', listType: 'map' },
    { path: `${path}[].volumeMounts`, mergeKey: 'mountPath', strategy: 'merge', listType: 'map' },
    { path: `${path}[].volumeDevices`, mergeKey: 'devicePath', strategy: 'merge', listType: 'map' },
  ];
}

export const serviceKind = builtInKind({
  group: '',
  versions: ['v1'],
  kind: 'Service',
  returnDeletedObject: true,
  plural: 'services',
  singular: 'service',
  shortNames: ['svc'],
  categories: ['all'],
  nameFormat: 'dns1123-label',
  schema: serviceSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'Type',
      type: 'string',
      jsonPath: '.spec.type',
      compute: (obj) => stringAt(obj, 'spec.type') || 'ClusterIP',
      description: FIELD_DOCS.SERVICE_TYPE,
    },
    {
      name: 'Cluster-IP',
      type: 'string',
      jsonPath: '.spec.clusterIP',
      compute: serviceClusterIp,
      description: FIELD_DOCS.SERVICE_CLUSTER_IP,
    },
    {
      name: 'External-IP',
      type: 'string',
      jsonPath: '.status.loadBalancer.ingress',
      compute: serviceExternalIp,
      description: FIELD_DOCS.SERVICE_EXTERNAL_IPS,
    },
    {
      name: 'Port(s)',
      type: 'string',
      jsonPath: '.spec.ports',
      compute: servicePorts,
      description: FIELD_DOCS.SERVICE_PORTS,
    },
    ageColumn,
    {
      name: 'Selector',
      type: 'string',
      jsonPath: '.spec.selector',
      priority: 1,
      compute: serviceSelector,
      description: FIELD_DOCS.SERVICE_SELECTOR,
    },
  ],
  fieldSelectors: [
    { field: 'spec.clusterIP', path: 'spec.clusterIP' },
    { field: 'spec.type', path: 'spec.type' },
  ],
  subresources: { status: true },
  listMergeKeys: builtInMergeKeys([
    {
      path: 'spec.ports',
      mergeKey: 'port',
      strategy: 'merge',
      listType: 'map',
      listMapKeys: ['port', 'protocol'],
    },
    conditionsByType('status.conditions'),
  ]),
  // PUT creates, as pkg/registry/core/service/strategy.go AllowCreateOnUpdate
  allowCreateOnUpdate: true,
  strategy: serviceStrategy,
  description:
    'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
});

export const podKind = builtInKind({
  group: '',
  versions: ['v1'],
  kind: 'Pod',
  returnDeletedObject: true,
  plural: 'pods',
  singular: 'pod',
  shortNames: ['po'],
  categories: ['all'],
  schema: podSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'Ready',
      type: 'string',
      jsonPath: '.status.containerStatuses',
      compute: podReady,
      description: 'The aggregate readiness state of this pod for accepting traffic.',
    },
    {
      name: 'Status',
      type: 'string',
      jsonPath: '.status.phase',
      compute: podStatus,
      description: 'The aggregate status of the containers in this pod.',
    },
    {
      name: 'Restarts',
      type: 'string',
      jsonPath: '.status.containerStatuses',
      compute: podRestarts,
      description:
        'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    },
    ageColumn,
    {
      name: 'IP',
      type: 'string',
      jsonPath: '.status.podIP',
      priority: 1,
      compute: podIp,
      description: FIELD_DOCS.POD_IP,
    },
    {
      name: 'Node',
      type: 'string',
      jsonPath: '.spec.nodeName',
      priority: 1,
      compute: (obj) => orNone(stringAt(obj, 'spec.nodeName')),
      description: FIELD_DOCS.POD_NODE_NAME,
    },
    {
      name: 'Nominated Node',
      type: 'string',
      jsonPath: '.status.nominatedNodeName',
      priority: 1,
      compute: (obj) => orNone(stringAt(obj, 'status.nominatedNodeName')),
      description: FIELD_DOCS.POD_NOMINATED_NODE_NAME,
    },
    {
      name: 'Readiness Gates',
      type: 'string',
      jsonPath: '.spec.readinessGates',
      priority: 1,
      compute: podReadinessGates,
      description: FIELD_DOCS.POD_READINESS_GATES,
    },
  ],
  fieldSelectors: [
    { field: 'spec.nodeName', path: 'spec.nodeName' },
    { field: 'spec.restartPolicy', path: 'spec.restartPolicy' },
    { field: 'spec.schedulerName', path: 'spec.schedulerName' },
    { field: 'spec.serviceAccountName', path: 'spec.serviceAccountName' },
    { field: 'spec.hostNetwork', path: 'spec.hostNetwork' },
    { field: 'status.phase', path: 'status.phase' },
    { field: 'status.podIP', path: 'status.podIP' },
    { field: 'status.nominatedNodeName', path: 'status.nominatedNodeName' },
  ],
  subresources: { status: true },
  listMergeKeys: builtInMergeKeys([
    ...containerMergeKeys('spec.containers'),
    ...containerMergeKeys('spec.initContainers'),
    { path: 'spec.ephemeralContainers', mergeKey: 'name', strategy: 'merge', listType: 'map' },
    { path: 'spec.volumes', mergeKey: 'name', strategy: 'merge,retainKeys', listType: 'map' },
    { path: 'spec.imagePullSecrets', mergeKey: 'name', strategy: 'merge', listType: 'map' },
    { path: 'spec.hostAliases', mergeKey: 'ip', strategy: 'merge', listType: 'map' },
    {
      path: 'spec.topologySpreadConstraints',
      mergeKey: 'topologyKey',
      strategy: 'merge',
      listType: 'map',
      listMapKeys: ['topologyKey', 'whenUnsatisfiable'],
    },
    { path: 'spec.schedulingGates', mergeKey: 'name', strategy: 'merge', listType: 'map' },
    { path: 'spec.resourceClaims', mergeKey: 'name', strategy: 'merge,retainKeys', listType: 'map' },
    conditionsByType('status.conditions'),
    { path: 'status.podIPs', mergeKey: 'ip', strategy: 'merge', listType: 'map' },
    { path: 'status.hostIPs', mergeKey: 'ip', strategy: 'merge', listType: 'map' },
  ]),
  strategy: podStrategy,
  description:
    'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
});

export const endpointsKind = builtInKind({
  group: '',
  versions: ['v1'],
  kind: 'Endpoints',
  plural: 'endpoints',
  singular: 'endpoints',
  shortNames: ['ep'],
  schema: endpointsSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'Endpoints',
      type: 'string',
      jsonPath: '.subsets',
      compute: endpointsList,
      description: FIELD_DOCS.ENDPOINTS_SUBSETS,
    },
    ageColumn,
  ],
  listMergeKeys: builtInMergeKeys([{ path: 'subsets', strategy: 'replace', listType: 'atomic' }]),
  // PUT creates, as pkg/registry/core/endpoint/strategy.go AllowCreateOnUpdate
  allowCreateOnUpdate: true,
  strategy: endpointsStrategy,
  description: 'Endpoints is a collection of endpoints that implement the actual service.',
});
