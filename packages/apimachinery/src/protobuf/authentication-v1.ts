/**
 * authentication.k8s.io/v1 review kinds (kubectl `auth whoami` sends SelfSubjectReview as
 * protobuf), after k8s.io/api authentication/v1/generated.proto. Status is the server's answer and
 * is not read.
 */
import { type MessageDescriptor, msg, str, strs } from './descriptor.js';
import { OBJECT_META } from './meta-v1.js';

export const TOKEN_REVIEW: MessageDescriptor = {
  1: msg('metadata', OBJECT_META),
  2: msg('spec', { 1: str('token'), 2: strs('audiences') }),
};

export const SELF_SUBJECT_REVIEW: MessageDescriptor = { 1: msg('metadata', OBJECT_META) };
