/**
 * The apiserver CA and its trust bundle (`api/ca.crt`: the apiserver's --client-ca-file and every
 * kubeconfig's certificate-authority-data). The first certificate of the bundle is the active CA
 * (its key is `pki/apiserver-ca.key`); any others are CAs still trusted during a rotation.
 *
 * Rotation with an overlap window, in the order of Kubernetes' "Manual Rotation of CA
 * Certificates" (trust both, move the leaves, drop the old CA):
 * - `start` (`renew --rotate-ca`): a new CA becomes active, the bundle trusts new + old; client
 *   certificates are re-issued by the new CA (the apiserver, reloading the bundle, accepts both),
 *   the serving certificate stays (clients that still trust only the old CA keep connecting);
 * - `finish` (`renew --finish-ca-rotation`): the bundle trusts the new CA only and the serving
 *   certificate is re-issued by it; a client still presenting an old certificate is refused.
 */
import type { X509Certificate } from 'node:crypto';
import { generatePrivateKey, keySpecOf, parseCertificates } from '@hs/pki';
import {
  type CaRequest,
  ensureCa,
  InitError,
  type Issued,
  type PkiContext,
  readOptional,
} from './pki-state.js';

export interface TrustedCa {
  /** The CA that issues new certificates. */
  ca: Issued;
  /** Every CA an existing certificate may have been issued by (active first). */
  trusted: X509Certificate[];
  /** The bundle to write and embed: active CA first. */
  bundlePem: string;
}

const pemOf = (c: X509Certificate) => `${c.toString().trim()}\n`;
const describe = (c: X509Certificate) =>
  `${c.subject.split('\n').join(', ')} (serial ${c.serialNumber.slice(0, 12)}…, notAfter ${new Date(c.validTo).toISOString()})`;

export async function trustedCa(ctx: PkiContext, req: CaRequest): Promise<TrustedCa> {
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
    const certPem = req.issue(key);
    const next: Issued = { certPem, cert: parseCertificates(certPem)[0]!, key };
    ctx.notes.push(
      `${req.label}: rotation started: new CA ${describe(next.cert)} issues certificates; the old one stays trusted until \`renew --finish-ca-rotation\``,
    );
    return { ca: next, trusted: [next.cert, current.cert], bundlePem: next.certPem + current.certPem };
  }
  if (ctx.caRotation === 'finish') {
    if (others.length === 0) {
      throw new InitError(
        `${req.label}: no rotation in progress (the bundle trusts one CA); nothing to finish`,
      );
    }
    ctx.notes.push(`${req.label}: rotation finished: no longer trusting ${others.map(describe).join('; ')}`);
    return { ca: current, trusted: [current.cert], bundlePem: current.certPem };
  }
  return {
    ca: current,
    trusted: [current.cert, ...others],
    bundlePem: current.certPem + others.map(pemOf).join(''),
  };
}
