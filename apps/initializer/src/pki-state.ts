import type { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import {
  CertificateError,
  type CertificateExpectations,
  certificateProblems,
  DAY_MS,
  describeKeySpec,
  EXPIRY_WARNING_MS,
  generatePrivateKey,
  KeyError,
  type KeySpec,
  keySpecOf,
  type PrivateKey,
  parseCertificates,
  parsePrivateKey,
  sameKeySpec,
} from '@hs/pki';

/** A refusal to go on: bad options or on-disk state we will not silently replace. */
export class InitError extends Error {
  override readonly name = 'InitError';
}

export interface PkiContext {
  root: string;
  now: Date;
  rotate: boolean;
  keySpec: KeySpec;
  notes: string[];
  /** Leaves and tokens expiring sooner than this are re-issued (default: the 30-day warning rule). */
  renewBeforeMs?: number;
  /** Re-issue every leaf certificate and token (keys kept), whatever its expiry. */
  forceRenew?: boolean;
  /** Lifetime of newly issued leaf certificates and tokens; default 365 days. */
  leafValidityMs?: number;
  /** Apiserver CA rotation step (ca-rotation.ts). */
  caRotation?: 'start' | 'finish';
  /** Token-signing key rotation step (token-key-rotation.ts). */
  tokenKeyRotation?: 'start' | 'finish';
}

export const DEFAULT_LEAF_VALIDITY_MS = 365 * DAY_MS;
export const renewBeforeMs = (ctx: PkiContext) => ctx.renewBeforeMs ?? EXPIRY_WARNING_MS;
export const leafValidityDays = (ctx: PkiContext) =>
  (ctx.leafValidityMs ?? DEFAULT_LEAF_VALIDITY_MS) / DAY_MS;

export interface Issued {
  /** One PEM certificate block ending in a newline. */
  certPem: string;
  cert: X509Certificate;
  key: PrivateKey;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InitError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function firstBlock(text: string): string {
  return `${PEM_BLOCK.exec(text)?.[0] ?? ''}\n`;
}

function load<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof KeyError || err instanceof CertificateError) {
      throw new InitError(`${err.message}; move it away or re-run with --rotate to replace it`);
    }
    throw err;
  }
}

function noteKeySpec(ctx: PkiContext, label: string, key: PrivateKey): void {
  const have = keySpecOf(key.key);
  if (!sameKeySpec(have, ctx.keySpec)) {
    ctx.notes.push(
      `${label}: keeping the existing ${have ? describeKeySpec(have) : 'key'} (asked for ${describeKeySpec(ctx.keySpec)}; --rotate replaces it)`,
    );
  }
}

export interface CaRequest {
  label: string;
  certPath: string;
  keyPath: string;
  /** The parent CA for an intermediate (a promise, so this key is generated meanwhile). */
  issuer?: Promise<Issued>;
  issue: (key: PrivateKey, issuer?: Issued) => string;
}

/**
 * Loads a CA (cert + key) or creates it when neither file exists. A CA is never replaced
 * implicitly: every certificate it signed would stop verifying, and HS warns against rotating
 * Pilot's root while gateways run (higress-standalone compose/scripts/prepare.sh renewPilotCerts).
 * Partial, corrupt, mismatched or expired CA state is refused unless `--rotate` is given.
 */
export async function ensureCa(ctx: PkiContext, req: CaRequest): Promise<Issued> {
  const rel = (p: string) => relative(ctx.root, p);
  const [certText, keyText] = await Promise.all([readOptional(req.certPath), readOptional(req.keyPath)]);
  const fresh = async (why: string): Promise<Issued> => {
    const [key, issuer] = await Promise.all([generatePrivateKey(ctx.keySpec), req.issuer]);
    const certPem = req.issue(key, issuer);
    ctx.notes.push(`${req.label}: ${why} (${describeKeySpec(ctx.keySpec)})`);
    return { certPem, cert: parseCertificates(certPem)[0]!, key };
  };
  if (ctx.rotate) return fresh(certText || keyText ? 'rotated' : 'generated');
  if (certText === undefined && keyText === undefined) return fresh('generated');
  const refuse = (what: string): never => {
    throw new InitError(
      `${req.label}: ${what}. Refusing to replace a CA (everything it signed would stop verifying): ` +
        'restore the matching files or re-run with --rotate',
    );
  };
  if (certText === undefined) return refuse(`${rel(req.keyPath)} exists but ${rel(req.certPath)} is missing`);
  if (keyText === undefined) return refuse(`${rel(req.certPath)} exists but ${rel(req.keyPath)} is missing`);
  const key = load(() => parsePrivateKey(keyText, rel(req.keyPath)));
  const cert = load(() => parseCertificates(certText, rel(req.certPath)))[0]!;
  const expect: CertificateExpectations = { key: key.key, ca: true, now: ctx.now };
  if (req.issuer) expect.issuer = (await req.issuer).cert;
  const problems = certificateProblems(cert, expect);
  if (problems.length) refuse(`${rel(req.certPath)} ${problems.join(', ')}`);
  if (certificateProblems(cert, { now: ctx.now, renewBeforeDays: renewBeforeMs(ctx) / DAY_MS }).length) {
    ctx.notes.push(
      `${req.label}: expires on ${new Date(cert.validTo).toISOString()}; plan a rotation (renew --rotate-ca for the apiserver CA, init --rotate otherwise)`,
    );
  }
  noteKeySpec(ctx, req.label, key);
  return { certPem: firstBlock(certText), cert, key };
}

export interface LeafRequest {
  label: string;
  /** File whose first certificate is the leaf (a chain file is fine). */
  certPath: string;
  keyPath: string;
  /** A promise: the leaf's key is generated (or loaded) while the CA is still being made. */
  issuer: Promise<Issued>;
  /** Expectations beyond key, issuer, validity and CA:FALSE (subject, SANs). */
  expect: Omit<CertificateExpectations, 'key' | 'issuer' | 'now' | 'ca' | 'renewBeforeDays'>;
  issue: (key: PrivateKey, issuer: Issued) => string;
}

/**
 * Loads a leaf certificate and key, repairing what is wrong: a missing key gets a new key and
 * certificate; a missing, unreadable, expired, soon-expiring, mismatched or differently-named
 * certificate is re-issued with the existing key. An unreadable key is refused (it may be
 * somebody's real key) unless `--rotate` is given.
 */
export async function ensureLeaf(ctx: PkiContext, req: LeafRequest): Promise<Issued> {
  const rel = (p: string) => relative(ctx.root, p);
  const [certText, keyText] = await Promise.all([readOptional(req.certPath), readOptional(req.keyPath)]);
  let key: PrivateKey;
  let reason: string | undefined;
  if (ctx.rotate || keyText === undefined) {
    key = await generatePrivateKey(ctx.keySpec);
    reason = ctx.rotate && keyText !== undefined ? 'rotated' : 'generated';
    if (!ctx.rotate && certText !== undefined)
      reason = `${rel(req.keyPath)} was missing: new key and certificate`;
  } else {
    key = load(() => parsePrivateKey(keyText, rel(req.keyPath)));
    noteKeySpec(ctx, req.label, key);
    if (certText === undefined) reason = `${rel(req.certPath)} was missing: issued`;
    else {
      const issuer = await req.issuer;
      let problems: string[];
      try {
        const cert = parseCertificates(certText, rel(req.certPath))[0]!;
        problems = certificateProblems(cert, {
          ...req.expect,
          key: key.key,
          ca: false,
          now: ctx.now,
          renewBeforeDays: renewBeforeMs(ctx) / DAY_MS,
        });
        if (!(cert.checkIssued(issuer.cert) && cert.verify(issuer.cert.publicKey))) {
          problems.push(`was not issued by ${issuer.cert.subject.split('\n').join(', ')}`);
        }
        if (ctx.forceRenew && problems.length === 0) problems.push('renewal forced');
        if (problems.length === 0) return { certPem: firstBlock(certText), cert, key };
      } catch (err) {
        problems = [(err as Error).message];
      }
      reason = `${rel(req.certPath)} ${problems.join(', ')}: re-issued`;
    }
  }
  const certPem = req.issue(key, await req.issuer);
  ctx.notes.push(`${req.label}: ${reason}`);
  return { certPem, cert: parseCertificates(certPem)[0]!, key };
}
