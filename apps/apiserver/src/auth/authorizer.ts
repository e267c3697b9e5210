/**
 * Authorization seam, after k8s.io/apiserver/pkg/authorization/authorizer.Attributes. The default
 * allows everything; an RBAC evaluator plugs in through `ServerOptions.authorizer`.
 */
export interface UserInfo {
  username: string;
  uid?: string | undefined;
  groups: readonly string[];
  extra?: Record<string, readonly string[]> | undefined;
}

export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  /** Resource requests: group, resource, namespace, name, subresource. */
  resourceRequest: boolean;
  apiGroup?: string | undefined;
  apiVersion?: string | undefined;
  resource?: string | undefined;
  subresource?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
  /** Non-resource requests (`/healthz`, `/version`). */
  path?: string | undefined;
}

export interface Decision {
  allowed: boolean;
  /** Why, for Forbidden messages and review status. */
  reason?: string | undefined;
}

export interface Authorizer {
  authorize(attributes: AuthorizationAttributes): Decision | Promise<Decision>;
}

export const alwaysAllow: Authorizer = {
  authorize: () => ({ allowed: true, reason: 'all requests are allowed' }),
};

export const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
