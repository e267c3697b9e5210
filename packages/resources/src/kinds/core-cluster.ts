/** Cluster-scoped core kinds: Namespace and Node. */
import { namespaceSchema, nodeSchema } from '../schemas/core.js';
import { impliedNamespace, namespaceStrategy } from '../strategies/namespace.js';
import { nodeStrategy } from '../strategies/node.js';
import { FIELD_DOCS } from './column-docs.js';
import { ageColumn, nameColumn } from './columns.js';
import { builtInKind, builtInMergeKeys, conditionsByType, NAMESPACE_VERBS } from './common.js';
import { nodeAddress, nodeInfo, nodeRoles, nodeStatus } from './core-columns.js';

export const namespaceKind = builtInKind({
  group: '',
  versions: ['v1'],
  kind: 'Namespace',
  returnDeletedObject: true,
  plural: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  scope: 'Cluster',
  nameFormat: 'dns1123-label',
  // kube-apiserver serves no deletecollection for namespaces (kubectl-wire.md §2.2 capture).
  verbs: NAMESPACE_VERBS,
  schema: namespaceSchema,
  printerColumns: [
    nameColumn,
    { name: 'Status', type: 'string', jsonPath: '.status.phase', description: 'The status of the namespace' },
    ageColumn,
  ],
  fieldSelectors: [{ field: 'status.phase', path: 'status.phase' }],
  subresources: { status: true },
  listMergeKeys: builtInMergeKeys([conditionsByType('status.conditions')]),
  strategy: namespaceStrategy,
  impliedByNamespace: impliedNamespace,
  // kube-apiserver's system namespaces controller (pkg/controlplane/controller/systemnamespaces)
  alwaysImplied: ['default', 'kube-system', 'kube-public', 'kube-node-lease'],
  description: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
});

export const nodeKind = builtInKind({
  group: '',
  versions: ['v1'],
  kind: 'Node',
  plural: 'nodes',
  singular: 'node',
  shortNames: ['no'],
  scope: 'Cluster',
  schema: nodeSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'Status',
      type: 'string',
      jsonPath: '.status.conditions',
      compute: nodeStatus,
      description: 'The status of the node',
    },
    {
      name: 'Roles',
      type: 'string',
      jsonPath: '.metadata.labels',
      compute: nodeRoles,
      description: 'The roles of the node',
    },
    ageColumn,
    {
      name: 'Version',
      type: 'string',
      jsonPath: '.status.nodeInfo.kubeletVersion',
      description: FIELD_DOCS.NODE_KUBELET_VERSION,
    },
    {
      name: 'Internal-IP',
      type: 'string',
      jsonPath: '.status.addresses',
      priority: 1,
      compute: nodeAddress('InternalIP'),
      description: FIELD_DOCS.NODE_ADDRESSES,
    },
    {
      name: 'External-IP',
      type: 'string',
      jsonPath: '.status.addresses',
      priority: 1,
      compute: nodeAddress('ExternalIP'),
      description: FIELD_DOCS.NODE_ADDRESSES,
    },
    {
      name: 'OS-Image',
      type: 'string',
      jsonPath: '.status.nodeInfo.osImage',
      priority: 1,
      compute: nodeInfo('osImage'),
      description: FIELD_DOCS.NODE_OS_IMAGE,
    },
    {
      name: 'Kernel-Version',
      type: 'string',
      jsonPath: '.status.nodeInfo.kernelVersion',
      priority: 1,
      compute: nodeInfo('kernelVersion'),
      description: FIELD_DOCS.NODE_KERNEL_VERSION,
    },
    {
      name: 'Container-Runtime',
      type: 'string',
      jsonPath: '.status.nodeInfo.containerRuntimeVersion',
      priority: 1,
      compute: nodeInfo('containerRuntimeVersion'),
      description: FIELD_DOCS.NODE_CONTAINER_RUNTIME_VERSION,
    },
  ],
  fieldSelectors: [{ field: 'spec.unschedulable', path: 'spec.unschedulable' }],
  subresources: { status: true, statusOnCreate: true },
  strategy: nodeStrategy,
  listMergeKeys: builtInMergeKeys([
    { path: 'spec.podCIDRs', strategy: 'merge', listType: 'set' },
    { path: 'spec.taints', strategy: 'replace', listType: 'atomic' },
    conditionsByType('status.conditions'),
    conditionsByType('status.addresses'),
  ]),
  description:
    'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).',
});
