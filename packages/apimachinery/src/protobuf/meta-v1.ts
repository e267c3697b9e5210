/**
 * meta/v1 messages shared by every kind, after k8s.io/apimachinery pkg/apis/meta/v1/generated.proto.
 * managedFields (17) is left out: clients do not send it on create, and the server tracks it.
 */
import { bool, int64, type MessageDescriptor, map, msgs, pointer, str, strs, time } from './descriptor.js';

export const OWNER_REFERENCE: MessageDescriptor = {
  5: str('apiVersion'),
  1: str('kind'),
  3: str('name'),
  4: str('uid'),
  6: pointer(bool('controller')),
  7: pointer(bool('blockOwnerDeletion')),
};

export const OBJECT_META: MessageDescriptor = {
  1: str('name'),
  2: str('generateName'),
  3: str('namespace'),
  4: str('selfLink'),
  5: str('uid'),
  6: str('resourceVersion'),
  7: int64('generation'),
  8: time('creationTimestamp'),
  9: pointer(time('deletionTimestamp')),
  10: pointer(int64('deletionGracePeriodSeconds')),
  11: map('labels', 'string'),
  12: map('annotations', 'string'),
  13: msgs('ownerReferences', OWNER_REFERENCE),
  14: strs('finalizers'),
};

export const LABEL_SELECTOR_REQUIREMENT: MessageDescriptor = {
  1: str('key'),
  2: str('operator'),
  3: strs('values'),
};

export const LABEL_SELECTOR: MessageDescriptor = {
  1: map('matchLabels', 'string'),
  2: msgs('matchExpressions', LABEL_SELECTOR_REQUIREMENT),
};

export const CONDITION: MessageDescriptor = {
  1: str('type'),
  2: str('status'),
  3: int64('observedGeneration'),
  4: time('lastTransitionTime'),
  5: str('reason'),
  6: str('message'),
};
