/** Core configuration and bookkeeping kinds: Secret, ConfigMap, Event, ServiceAccount. */
import { configMapSchema, eventSchema, secretSchema, serviceAccountSchema } from '../schemas/core.js';
import { configMapStrategy } from '../strategies/configmap.js';
import { eventStrategy } from '../strategies/event.js';
import { secretStrategy } from '../strategies/secret.js';
import { FIELD_DOCS } from './column-docs.js';
import { ageColumn, countDataKeys, countList, nameColumn, stringAt } from './columns.js';
import { builtInKind, builtInMergeKeys } from './common.js';
import { eventCount, eventFirstSeen, eventLastSeen, eventObject, eventSource } from './core-columns.js';

export const secretKind = builtInKind({
  group: '',
  versions: ['v1'],
  kind: 'Secret',
  plural: 'secrets',
  singular: 'secret',
  schema: secretSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'Type',
      type: 'string',
      jsonPath: '.type',
      description: FIELD_DOCS.SECRET_TYPE,
    },
    {
      name: 'Data',
      type: 'integer',
      declaredType: 'string',
      jsonPath: '.data',
      compute: countDataKeys,
      description: FIELD_DOCS.SECRET_DATA,
    },
    ageColumn,
  ],
  fieldSelectors: [{ field: 'type', path: 'type' }],
  encryptAtRest: true,
  strategy: secretStrategy,
  description:
    'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.',
});

export const configMapKind = builtInKind({
  group: '',
  versions: ['v1'],
  kind: 'ConfigMap',
  plural: 'configmaps',
  singular: 'configmap',
  shortNames: ['cm'],
  schema: configMapSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'Data',
      type: 'integer',
      declaredType: 'string',
      jsonPath: '.data',
      compute: countDataKeys,
      description: FIELD_DOCS.CONFIG_MAP_DATA,
    },
    ageColumn,
  ],
  strategy: configMapStrategy,
  description: 'ConfigMap holds configuration data for pods to consume.',
});

export const eventKind = builtInKind({
  group: '',
  versions: ['v1'],
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  shortNames: ['ev'],
  schema: eventSchema,
  // The columns and cells of printers.go printEvent (wide): ages are declared strings.
  printerColumns: [
    {
      name: 'Last Seen',
      type: 'string',
      jsonPath: '.lastTimestamp',
      compute: eventLastSeen,
      description: FIELD_DOCS.EVENT_LAST_TIMESTAMP,
    },
    { name: 'Type', type: 'string', jsonPath: '.type', description: FIELD_DOCS.EVENT_TYPE },
    { name: 'Reason', type: 'string', jsonPath: '.reason', description: FIELD_DOCS.EVENT_REASON },
    {
      name: 'Object',
      type: 'string',
      jsonPath: '.involvedObject',
      compute: eventObject,
      description: FIELD_DOCS.EVENT_INVOLVED_OBJECT,
    },
    {
      name: 'Subobject',
      type: 'string',
      jsonPath: '.involvedObject.fieldPath',
      priority: 1,
      description: FIELD_DOCS.OBJECT_REFERENCE_FIELD_PATH,
    },
    {
      name: 'Source',
      type: 'string',
      jsonPath: '.source',
      priority: 1,
      compute: eventSource,
      description: FIELD_DOCS.EVENT_SOURCE,
    },
    {
      name: 'Message',
      type: 'string',
      jsonPath: '.message',
      compute: (obj) => stringAt(obj, 'message').trim(),
      description: FIELD_DOCS.EVENT_MESSAGE,
    },
    {
      name: 'First Seen',
      type: 'string',
      jsonPath: '.firstTimestamp',
      priority: 1,
      compute: eventFirstSeen,
      description: FIELD_DOCS.EVENT_FIRST_TIMESTAMP,
    },
    {
      name: 'Count',
      type: 'integer',
      declaredType: 'string',
      jsonPath: '.count',
      priority: 1,
      compute: eventCount,
      description: FIELD_DOCS.EVENT_COUNT,
    },
    { ...nameColumn, priority: 1 },
  ],
  fieldSelectors: [
    { field: 'involvedObject.kind', path: 'involvedObject.kind' },
    { field: 'involvedObject.namespace', path: 'involvedObject.namespace' },
    { field: 'involvedObject.name', path: 'involvedObject.name' },
    { field: 'involvedObject.uid', path: 'involvedObject.uid' },
    { field: 'involvedObject.apiVersion', path: 'involvedObject.apiVersion' },
    { field: 'involvedObject.resourceVersion', path: 'involvedObject.resourceVersion' },
    { field: 'involvedObject.fieldPath', path: 'involvedObject.fieldPath' },
    { field: 'reason', path: 'reason' },
    { field: 'reportingComponent', path: 'reportingComponent' },
    { field: 'source', path: 'source.component' },
    { field: 'type', path: 'type' },
  ],
  // PUT creates, as pkg/registry/core/event/strategy.go AllowCreateOnUpdate
  allowCreateOnUpdate: true,
  strategy: eventStrategy,
  description: 'Event is a report of an event somewhere in the cluster.',
});

export const serviceAccountKind = builtInKind({
  group: '',
  versions: ['v1'],
  kind: 'ServiceAccount',
  returnDeletedObject: true,
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  shortNames: ['sa'],
  schema: serviceAccountSchema,
  printerColumns: [
    nameColumn,
    {
      name: 'Secrets',
      type: 'string',
      jsonPath: '.secrets',
      compute: countList('secrets'),
      description: FIELD_DOCS.SERVICE_ACCOUNT_SECRETS,
    },
    ageColumn,
  ],
  listMergeKeys: builtInMergeKeys([
    { path: 'secrets', mergeKey: 'name', strategy: 'merge', listType: 'map' },
  ]),
  description:
    'ServiceAccount binds together: a name, understood by users, and perhaps by peripheral systems, for an identity; a principal that can be authenticated and authorized; a set of secrets.',
});
