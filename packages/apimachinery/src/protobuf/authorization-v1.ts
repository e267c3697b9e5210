/**
 * authorization.k8s.io/v1 review kinds (kubectl `auth can-i` sends them as protobuf), after
 * k8s.io/api authorization/v1/generated.proto. Only metadata and spec are read: status is the
 * server's answer.
 */
import { type MessageDescriptor, map, msg, msgs, str, strs } from './descriptor.js';
import { OBJECT_META } from './meta-v1.js';

const SELECTOR_REQUIREMENT: MessageDescriptor = { 1: str('key'), 2: str('operator'), 3: strs('values') };

export const RESOURCE_ATTRIBUTES: MessageDescriptor = {
  1: str('namespace'),
  2: str('verb'),
  3: str('group'),
  4: str('version'),
  5: str('resource'),
  6: str('subresource'),
  7: str('name'),
  8: msg('fieldSelector', { 1: str('rawSelector'), 2: msgs('requirements', SELECTOR_REQUIREMENT) }),
  9: msg('labelSelector', { 1: str('rawSelector'), 2: msgs('requirements', SELECTOR_REQUIREMENT) }),
};

export const NON_RESOURCE_ATTRIBUTES: MessageDescriptor = { 1: str('path'), 2: str('verb') };

export const SELF_SUBJECT_ACCESS_REVIEW_SPEC: MessageDescriptor = {
  1: msg('resourceAttributes', RESOURCE_ATTRIBUTES),
  2: msg('nonResourceAttributes', NON_RESOURCE_ATTRIBUTES),
};

export const SUBJECT_ACCESS_REVIEW_SPEC: MessageDescriptor = {
  ...SELF_SUBJECT_ACCESS_REVIEW_SPEC,
  3: str('user'),
  4: strs('groups'),
  5: map('extra', 'stringList'),
  6: str('uid'),
};

export const SUBJECT_ACCESS_REVIEW: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  2: msg('spec', SUBJECT_ACCESS_REVIEW_SPEC),
};

export const LOCAL_SUBJECT_ACCESS_REVIEW = SUBJECT_ACCESS_REVIEW;

export const SELF_SUBJECT_ACCESS_REVIEW: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  2: msg('spec', SELF_SUBJECT_ACCESS_REVIEW_SPEC),
};

export const SELF_SUBJECT_RULES_REVIEW: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  2: msg('spec', { 1: str('namespace') }),
};
