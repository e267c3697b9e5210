/** discovery.k8s.io/v1 EndpointSlice (Pilot's service endpoints). */
import { endpointSliceSchema } from '../schemas/discovery.js';
import { endpointSliceStrategy } from '../strategies/endpointslice.js';
import type { KubeObject, ResourceDefinition } from '../types.js';
import { FIELD_DOCS } from './column-docs.js';
import { ageColumn, joinLimited, listAt, nameColumn, stringAt } from './columns.js';
import { builtInKind, builtInMergeKeys } from './common.js';

/** EndpointSlice PORTS: `80,443` (a port without number by its name, else `*`), `<unset>` when none (printers.go formatDiscoveryPorts). */
function slicePorts(obj: KubeObject): string {
  const ports = listAt(obj, 'ports').map((port) => stringAt(port, 'port') || stringAt(port, 'name') || '*');
  return ports.length === 0 ? '<unset>' : joinLimited(ports);
}

/** EndpointSlice ENDPOINTS: addresses, at most 3 then `+ N more...`. */
function sliceEndpoints(obj: KubeObject): string {
  const addresses = listAt(obj, 'endpoints').flatMap((endpoint) =>
    listAt(endpoint, 'addresses').filter((address): address is string => typeof address === 'string'),
  );
  return addresses.length === 0 ? '<unset>' : joinLimited(addresses);
}

export const endpointSliceKind = builtInKind({
  group: 'discovery.k8s.io',
  versions: ['v1'],
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  singular: 'endpointslice',
  schema: endpointSliceSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'AddressType',
      type: 'string',
      jsonPath: '.addressType',
      description: FIELD_DOCS.ENDPOINT_SLICE_ADDRESS_TYPE,
    },
    {
      name: 'Ports',
      type: 'string',
      jsonPath: '.ports',
      compute: slicePorts,
      description: FIELD_DOCS.ENDPOINT_SLICE_PORTS,
    },
    {
      name: 'Endpoints',
      type: 'string',
      jsonPath: '.endpoints',
      compute: sliceEndpoints,
      description: FIELD_DOCS.ENDPOINT_SLICE_ENDPOINTS,
    },
    ageColumn,
  ],
  fieldSelectors: [{ field: 'addressType', path: 'addressType' }],
  listMergeKeys: builtInMergeKeys([
    { path: 'endpoints', strategy: 'replace', listType: 'atomic' },
    { path: 'ports', strategy: 'replace', listType: 'atomic' },
  ]),
  // generation 1 on create, bumped by any change but metadata's, labels included
  // (k8s.io/kubernetes pkg/registry/discovery/endpointslice/strategy.go)
  tracksGeneration: true,
  labelsBumpGeneration: true,
  strategy: endpointSliceStrategy,
  description:
    'EndpointSlice represents a subset of the endpoints that implement a service. For a given service there may be multiple EndpointSlice objects, selected by labels, which must be joined to produce the full set of endpoints.',
});

export const discoveryKinds: readonly ResourceDefinition[] = [endpointSliceKind];
