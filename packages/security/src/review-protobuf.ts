/**
 * Protobuf bodies of the review kinds, because kubectl sends them that way (`kubectl auth can-i`
 * and `auth whoami` POST `Content-Type: application/vnd.kubernetes.protobuf`): SubjectAccessReview,
 * SelfSubjectAccessReview, LocalSubjectAccessReview, SelfSubjectRulesReview (authorization.k8s.io/v1),
 * TokenReview and SelfSubjectReview (authentication.k8s.io/v1). The decoding itself is
 * @hs/apimachinery's schema-driven protobuf decoder, limited here to those kinds.
 */
import { decodeKubernetesProtobuf, PROTOBUF_MEDIA_TYPE, REVIEW_PROTOBUF_KINDS } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';

export { PROTOBUF_MEDIA_TYPE };

/**
 * Decodes a protobuf review body into the JSON object the review functions take. Throws a 415
 * StatusError for other kinds and for malformed input; never echoes the body (it may hold a token).
 */
export function decodeReviewProtobuf(body: Uint8Array): KubeObject {
  return decodeKubernetesProtobuf(body, REVIEW_PROTOBUF_KINDS);
}
