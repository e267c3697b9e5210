export {
  type CertificateSpec,
  type DistinguishedName,
  type ExtendedKeyUsage,
  issueCertificate,
  type KeyUsage,
} from './certificate.js';
export {
  DAY_MS,
  DurationError,
  describeTimeLeft,
  EXPIRY_WARNING_DAYS,
  EXPIRY_WARNING_MS,
  type Expiry,
  type ExpiryState,
  expiryOf,
  parseDuration,
} from './expiry.js';
export {
  CertificateError,
  type CertificateExpectations,
  canonicalIp,
  certificateProblems,
  parseCertificates,
  parseSubjectAltNames,
  subjectAltNames,
} from './inspect.js';
export {
  type Jwks,
  jwksJson,
  type PublicJwk,
  peekClaims,
  publicJwk,
  signToken,
  type TokenClaims,
  tokenStillGood,
} from './jwt.js';
export {
  describeKeySpec,
  generatePrivateKey,
  KeyError,
  type KeySpec,
  keySpecFrom,
  keySpecOf,
  type PrivateKey,
  parsePrivateKey,
  publicKeyDer,
  RSA_SIZES,
  type RsaSize,
  sameKeySpec,
} from './keys.js';
