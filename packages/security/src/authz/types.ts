/**
 * Authorization contracts, modelled on k8s.io/apiserver/pkg/authorization/authorizer
 * (interfaces.go): attributes of one request, and a decision with a reason.
 */
import type { UserInfo } from '../authn/types.js';

export interface Attributes {
  user: UserInfo;
  /** Resource verbs: get list watch create update patch delete deletecollection (or any custom verb);
   * non-resource requests: the lower-cased HTTP method (get, post, put, ...). */
  verb: string;
  /** True for /api and /apis resource paths; false for non-resource URLs such as /healthz. */
  resourceRequest: boolean;
  /** `''` for the core group. */
  apiGroup: string;
  apiVersion?: string;
  /** Plural resource name (`configmaps`). */
  resource: string;
  subresource: string;
  /** `''` for cluster-scoped or all-namespaces requests. */
  namespace: string;
  /** `''` when the request names no single object. */
  name: string;
  /** The URL path; what non-resource rules match against. */
  path: string;
}

export type Decision = 'allow' | 'deny' | 'no-opinion';

export interface AuthorizationResult {
  decision: Decision;
  /** Why; may be empty. Safe to show the caller (names bindings and roles, never object data). */
  reason: string;
  /** Set when the evaluation hit an error (e.g. a binding to a missing role); informational. */
  evaluationError?: string;
}

export interface Authorizer {
  authorize(attributes: Attributes): Promise<AuthorizationResult>;
  /**
   * Optional (upstream authorizer.RuleResolver): the rules `user` holds in `namespace`, for
   * SelfSubjectRulesReview (`kubectl auth can-i --list`).
   */
  rulesFor?(user: UserInfo, namespace: string): Promise<SubjectRules>;
}

export interface ResourceRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs: string[];
}

export interface SubjectRules {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  /** True when some rules could not be resolved (e.g. a binding to a missing role). */
  incomplete: boolean;
  evaluationError?: string;
}
