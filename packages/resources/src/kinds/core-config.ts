/** Core configuration and bookkeeping kinds: Secret, ConfigMap, Event, ServiceAccount. */
import { configMapSchema, eventSchema, secretSchema, serviceAccountSchema } from '../schemas/core.js';
import { configMapStrategy } from '../strategies/configmap.js';
import { eventStrategy } from '../strategies/event.js';
import { secretStrategy } from '../strategies/secret.js';
import { ageColumn, countDataKeys, countList, nameColumn } from './columns.js';
import { builtInKind, builtInMergeKeys } from './common.js';
import { eventLastSeen, eventObject } from './core-columns.js';

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
      description: 'Used to facilitate programmatic handling of secret data.',
    },
    {
      name: 'Data',
      type: 'integer',
      declaredType: 'string',
      jsonPath: '.data',
      compute: countDataKeys,
      description: 'Data contains the secret data.',
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
      description: 'Data contains the configuration data.',
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
  printerColumns: [
    {
      name: 'Last Seen',
      type: 'date',
      jsonPath: '.lastTimestamp',
      compute: eventLastSeen,
      description: 'The time at which the most recent occurrence of this event was recorded.',
    },
    {
      name: 'Type',
      type: 'string',
      jsonPath: '.type',
      description: 'Type of this event (Normal, Warning), new types could be added in the future.',
    },
    {
      name: 'Reason',
      type: 'string',
      jsonPath: '.reason',
      description:
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    },
    {
      name: 'Object',
      type: 'string',
      jsonPath: '.involvedObject',
      compute: eventObject,
      description: 'The object that this event is about.',
    },
    {
      name: 'Subobject',
      type: 'string',
      jsonPath: '.involvedObject.fieldPath',
      priority: 1,
      description: 'The field of the object this event is about.',
    },
    {
      name: 'Source',
      type: 'string',
      jsonPath: '.source.component',
      priority: 1,
      description: 'The component reporting this event.',
    },
    {
      name: 'Message',
      type: 'string',
      jsonPath: '.message',
      description: 'A human-readable description of the status of this operation.',
    },
    {
      name: 'First Seen',
      type: 'date',
      jsonPath: '.firstTimestamp',
      priority: 1,
      description: 'The time at which the event was first recorded.',
    },
    {
      name: 'Count',
      type: 'string',
      jsonPath: '.count',
      priority: 1,
      description: 'The number of times this event has occurred.',
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
      description:
        'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    },
    ageColumn,
  ],
  listMergeKeys: builtInMergeKeys([
    { path: 'secrets', mergeKey: 'name', strategy: 'merge', listType: 'map' },
  ]),
  description:
    'ServiceAccount binds together: a name, understood by users, and perhaps by peripheral systems, for an identity; a principal that can be authenticated and authorized; a set of secrets.',
});
