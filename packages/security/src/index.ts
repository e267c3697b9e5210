/**
 * @hs/security — framework-free security building blocks of the API server:
 * authentication (client certificates, static tokens, JWTs, anonymous, TokenReview), RBAC
 * authorization (request attributes, access reviews, 403 answers), encryption at rest (a
 * ValueTransformer for @hs/storage), request limits (429) and an audit log. See README.md for how
 * the server wires them.
 */

export {
  type AuditLevel,
  type AuditLogger,
  type AuditLoggerOptions,
  type AuditObjectRef,
  type AuditRecord,
  createAuditLogger,
  objectRefFrom,
} from './audit/audit-logger.js';
export {
  type AnonymousOptions,
  anonymousAllowed,
  anonymousUser,
  authenticateRequest,
  DEFAULT_ANONYMOUS_PATHS,
} from './authn/anonymous.js';
export {
  type Authentication,
  type AuthenticationOptions,
  createAuthentication,
} from './authn/authentication.js';
export { bearerToken, bearerTokenAuthenticator } from './authn/bearer-token.js';
export { clientCertAuthenticator, peerCertificateFromTls } from './authn/client-cert.js';
export { CsvError, parseCsv } from './authn/csv.js';
export { type JwtAuthenticatorOptions, jwtAuthenticator } from './authn/jwt.js';
export { type SelfSubjectReviewObject, selfSubjectReview } from './authn/self-subject-review.js';
export {
  matchesServiceAccount,
  parseServiceAccountUsername,
  SERVICE_ACCOUNT_PREFIX,
  SERVICE_ACCOUNTS_GROUP,
  serviceAccountGroups,
  serviceAccountUsername,
} from './authn/service-account.js';
export {
  parseTokenFile,
  type ReloadingTokenAuthenticator,
  type TokenFileAuthenticatorOptions,
  type TokenFileEntry,
  tokenFileAuthenticator,
} from './authn/token-file.js';
export {
  type TokenReviewObject,
  type TokenReviewOptions,
  type TokenReviewStatus,
  tokenReview,
} from './authn/token-review.js';
export * from './authn/types.js';
export {
  audienceAgnostic,
  authenticatedGroupAdder,
  authenticatedGroupTokenAdder,
  unionAuthenticator,
  unionTokenAuthenticator,
  withAuthenticatedGroup,
} from './authn/union.js';
export {
  type AccessReviewObject,
  type SubjectAccessReviewStatus,
  selfSubjectAccessReview,
  subjectAccessReview,
} from './authz/access-review.js';
export {
  type AuthorizationMode,
  type AuthorizerOptions,
  alwaysAllow,
  alwaysDeny,
  createAuthorizer,
  privilegedGroups,
  unionAuthorizer,
} from './authz/authorizers.js';
export {
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  withBootstrapPolicy,
} from './authz/bootstrap-policy.js';
export {
  checkBindingWrite,
  checkRoleWrite,
  confirmNoEscalation,
  type EscalationRequest,
  type RuleResolver,
  rbacRuleResolver,
} from './authz/escalation.js';
export { authorizeRequest, forbiddenMessage, forbiddenStatus } from './authz/forbidden.js';
export { breakdownRule, compactRules, compactString, covers } from './authz/policy-comparator.js';
export {
  evaluateRbac,
  policyRulesFor,
  type RbacSnapshot,
  type RbacSource,
  rbacAuthorizer,
  rbacRulesFor,
  roleReferenceRules,
} from './authz/rbac.js';
export { appliesToUser, ruleAllows } from './authz/rbac-rules.js';
export type { PolicyRule, RoleRef, Subject } from './authz/rbac-types.js';
export { type RequestInfo, requestAttributes, requestInfo } from './authz/request-attributes.js';
export { type RulesReviewObject, selfSubjectRulesReview } from './authz/rules-review.js';
export type {
  Attributes,
  AuthorizationResult,
  Authorizer,
  Decision,
  NonResourceRule,
  ResourceRule,
  SubjectRules,
} from './authz/types.js';
export {
  deriveKeyFromLegacy,
  type EncryptionKeys,
  formatEncryptionKeys,
  generateEncryptionKey,
  LEGACY_DERIVED_KEY_ID,
  LEGACY_KEY_ID,
  loadEncryptionKeys,
  parseEncryptionKeys,
} from './encryption/key-file.js';
export { decryptLegacy, LEGACY_PREFIX } from './encryption/legacy-cbc.js';
export {
  createEncryptionTransformer,
  ENVELOPE_PREFIX,
  type EncryptionKey,
  type EncryptionTransformerOptions,
} from './encryption/transformer.js';
export {
  type HeaderValues,
  hasImpersonationHeaders,
  headerValuesFrom,
  impersonatedUser,
} from './impersonation.js';
export {
  type ConcurrencyLimiter,
  type ConcurrencyLimiterOptions,
  clientKey,
  createConcurrencyLimiter,
  createRequestLimits,
  type Release,
  type RequestLimits,
  type RequestLimitsOptions,
} from './limits/concurrency-limiter.js';

export { decodeReviewProtobuf, PROTOBUF_MEDIA_TYPE } from './review-protobuf.js';
