/**
 * The apiserver CA and its trust bundle (`api/ca.crt`: the apiserver's --client-ca-file and every
 * kubeconfig's certificate-authority-data). The first certificate of the bundle is the active CA
 * (its key is `pki/apiserver-ca.key`); any others are CAs still trusted during a rotation.
 *
 * Rotation with an overlap window, after Kubernetes' "Manual Rotation of CA Certificates" (trust
 * both, move the leaves, drop the old CA), plus a cross-signed CA so that no client has to be
 * updated first:
 * - `start` (`renew --rotate-ca`): a new CA becomes active, the bundle trusts new + old, every
 *   leaf (client and serving certificates) is re-issued by the new CA, and the serving chain
 *   carries the new CA cross-signed by the old one. A client trusting only the old CA verifies the
 *   server through that cross certificate, one trusting only the new CA directly, and the
 *   apiserver (reloading the bundle) accepts client certificates of either CA;
 * - `finish` (`renew --finish-ca-rotation`): the bundle trusts the new CA only and the cross
 *   certificate leaves the serving chain; a client still presenting or trusting only the old CA
 *   is refused from then on.
 */
import type { X509Certificate } from 'node:crypto';
import { relative } from 'node:path';
import { generatePrivateKey, keySpecOf, parseCertificates } from '@hs/pki';
import {
  type CaRequest,
  ensureCa,
  InitError,
  type Issued,
  type PkiContext,
  readOptional,
} from './pki-state.js';

export interface RotatingCaRequest extends CaRequest {
  /** Where the serving chain lives; a cross certificate kept during the overlap is read from it. */
  servingChainPath: string;
  /** A CA made by a rotation (its subject differs from the first CA's, so chains never confuse them). */
  issueRotated: (key: Issued['key']) => string;
  /** `next`'s subject and key, certified by `previous`. */
  crossSign: (next: Issued, previous: Issued) => string;
}

export interface TrustedCa {
  /** The CA that issues new certificates. */
  ca: Issued;
  /** The bundle to write and embed: active CA first. */
  bundlePem: string;
  /** During the overlap: the active CA certified by the previous one, served after the leaf. */
  crossPem?: string;
}

const pemOf = (c: X509Certificate) => `${c.toString().trim()}\n`;
const describe = (c: X509Certificate) =>
  `${c.subject.split('\n').join(', ')} (serial ${c.serialNumber.slice(0, 12)}…, notAfter ${new Date(c.validTo).toISOString()})`;
const spki = (c: X509Certificate) => c.publicKey.export({ type: 'spki', format: 'der' });

/** The cross certificate of an earlier run: the active CA's subject and key, issued by a previous CA. */
async function keptCross(
  req: RotatingCaRequest,
  active: X509Certificate,
  previous: readonly X509Certificate[],
): Promise<string | undefined> {
  const text = await readOptional(req.servingChainPath);
  if (text === undefined) return undefined;
  let chain: X509Certificate[];
  try {
    chain = parseCertificates(text, req.servingChainPath).slice(1);
  } catch {
    return undefined;
  }
  const cross = chain.find(
    (c) =>
      c.ca &&
      c.subject === active.subject &&
      spki(c).equals(spki(active)) &&
      previous.some((p) => c.checkIssued(p) && c.verify(p.publicKey)),
  );
  return cross && pemOf(cross);
}

export async function trustedCa(ctx: PkiContext, req: RotatingCaRequest): Promise<TrustedCa> {
  const current = await ensureCa(ctx, req);
  const text = await readOptional(req.certPath);
  // `init --rotate` replaces the CA outright: nothing of the old bundle stays trusted.
  const others =
    text === undefined || ctx.rotate
      ? []
      : parseCertificates(text, req.certPath)
          .slice(1)
          .filter((c) => c.ca && c.fingerprint256 !== current.cert.fingerprint256);
  if (ctx.caRotation === 'start') {
    if (others.length > 0) {
      throw new InitError(
        `${req.label}: a rotation is already in progress (the bundle still trusts ${others.map(describe).join('; ')}); ` +
          'finish it with `renew --finish-ca-rotation` first',
      );
    }
    const key = await generatePrivateKey(keySpecOf(current.key.key) ?? ctx.keySpec);
    const certPem = req.issueRotated(key);
    const next: Issued = { certPem, cert: parseCertificates(certPem)[0]!, key };
    ctx.notes.push(
      `${req.label}: rotation started: new CA ${describe(next.cert)} issues certificates; the old one stays trusted until \`renew --finish-ca-rotation\``,
    );
    return { ca: next, bundlePem: next.certPem + current.certPem, crossPem: req.crossSign(next, current) };
  }
  if (ctx.caRotation === 'finish') {
    if (others.length === 0) {
      throw new InitError(
        `${req.label}: no rotation in progress (the bundle trusts one CA); nothing to finish`,
      );
    }
    ctx.notes.push(`${req.label}: rotation finished: no longer trusting ${others.map(describe).join('; ')}`);
    return { ca: current, bundlePem: current.certPem };
  }
  const bundlePem = current.certPem + others.map(pemOf).join('');
  if (others.length === 0) return { ca: current, bundlePem };
  const crossPem = await keptCross(req, current.cert, others);
  if (crossPem === undefined) {
    ctx.notes.push(
      `${req.label}: rotation in progress but ${relative(ctx.root, req.servingChainPath)} carries no cross-signed CA: clients that trust only the old CA cannot verify the server until they get api/ca.crt`,
    );
  }
  return { ca: current, bundlePem, ...(crossPem ? { crossPem } : {}) };
}
