import { relative } from 'node:path';
import { type Jwks, type PrivateKey, signToken, tokenStillGood } from '@hs/pki';
import { GATEWAY_SERVICE_ACCOUNT, ISTIO_CA_AUDIENCE, serviceAccountUser } from './identities.js';
import type { VolumeLayout } from './layout.js';
import { DEFAULT_LEAF_VALIDITY_MS, type PkiContext, readOptional, renewBeforeMs } from './pki-state.js';
import { signingKeys } from './token-key-rotation.js';

export interface TokenArtefacts {
  signingKey: PrivateKey;
  jwks: Jwks;
  gatewayToken: string;
  consoleToken: string;
}

/**
 * The RS256 token-signing key, the JWKS Pilot fetches through the fileserver (JWT_RULE), and the
 * tokens: the gateway's istio-token and the console's bearer token for Pilot's debug API
 * (higress-istio-needs §4.3 and §6.4). Existing tokens are kept while valid and signed by the
 * active key, so re-runs write the same bytes; a rotation's start re-mints them (token-key-rotation.ts).
 */
export async function tokenArtefacts(
  ctx: PkiContext,
  layout: VolumeLayout,
  issuer: string,
): Promise<TokenArtefacts> {
  const { signingKey, jwks } = await signingKeys(ctx, layout);
  const kid = jwks.keys[0]!.kid;
  // Tokens follow the leaf certificates' lifetime and renewal window.
  const lifetimeSeconds = Math.max(1, Math.round((ctx.leafValidityMs ?? DEFAULT_LEAF_VALIDITY_MS) / 1000));
  const mint = async (path: string, sa: string): Promise<string> => {
    const claims = { issuer, audiences: [ISTIO_CA_AUDIENCE], subject: serviceAccountUser(sa) };
    const existing = await readOptional(path);
    if (
      existing !== undefined &&
      !ctx.forceRenew &&
      (await tokenStillGood(existing, signingKey.key, {
        ...claims,
        renewBeforeSeconds: renewBeforeMs(ctx) / 1000,
        now: ctx.now,
      }))
    ) {
      return existing;
    }
    if (existing !== undefined) ctx.notes.push(`${relative(ctx.root, path)}: re-minted`);
    return signToken(signingKey.key, kid, { ...claims, lifetimeSeconds, now: ctx.now });
  };
  const [gatewayToken, consoleToken] = await Promise.all([
    mint(layout.gateway.istioToken, GATEWAY_SERVICE_ACCOUNT),
    mint(layout.console.token, 'higress-console'),
  ]);
  return { signingKey, jwks, gatewayToken, consoleToken };
}
