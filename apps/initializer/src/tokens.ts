import { relative } from 'node:path';
import {
  generatePrivateKey,
  type Jwks,
  KeyError,
  type PrivateKey,
  parsePrivateKey,
  publicJwk,
  signToken,
  tokenStillGood,
} from '@hs/pki';
import { GATEWAY_SERVICE_ACCOUNT, ISTIO_CA_AUDIENCE, serviceAccountUser } from './identities.js';
import type { VolumeLayout } from './layout.js';
import {
  DEFAULT_LEAF_VALIDITY_MS,
  InitError,
  type PkiContext,
  readOptional,
  renewBeforeMs,
} from './pki-state.js';

export interface TokenArtefacts {
  signingKey: PrivateKey;
  jwks: Jwks;
  gatewayToken: string;
  consoleToken: string;
}

/**
 * The RS256 token-signing key, the JWKS Pilot fetches through the fileserver (JWT_RULE), and the
 * tokens: the gateway's istio-token and the console's bearer token for Pilot's debug API
 * (higress-istio-needs §4.3 and §6.4). Existing tokens are kept while valid, so re-runs write the
 * same bytes.
 */
export async function tokenArtefacts(
  ctx: PkiContext,
  layout: VolumeLayout,
  issuer: string,
): Promise<TokenArtefacts> {
  const keyPath = layout.pki.tokenSigningKey;
  const keyText = await readOptional(keyPath);
  let signingKey: PrivateKey;
  if (ctx.rotate || keyText === undefined) {
    const size = ctx.keySpec.type === 'rsa' ? ctx.keySpec.size : 2048;
    signingKey = await generatePrivateKey({ type: 'rsa', size });
    ctx.notes.push(
      `token-signing key: ${keyText === undefined ? 'generated' : 'rotated'} (RSA ${size}, RS256)`,
    );
  } else {
    try {
      signingKey = parsePrivateKey(keyText, relative(ctx.root, keyPath));
    } catch (err) {
      if (err instanceof KeyError)
        throw new InitError(`${err.message}; move it away or re-run with --rotate`);
      throw err;
    }
    if (signingKey.key.asymmetricKeyType !== 'rsa') {
      throw new InitError(
        `${relative(ctx.root, keyPath)} is not an RSA key (tokens are RS256); re-run with --rotate`,
      );
    }
  }
  const jwk = await publicJwk(signingKey.key);
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
    return signToken(signingKey.key, jwk.kid, { ...claims, lifetimeSeconds, now: ctx.now });
  };
  const [gatewayToken, consoleToken] = await Promise.all([
    mint(layout.gateway.istioToken, GATEWAY_SERVICE_ACCOUNT),
    mint(layout.console.token, 'higress-console'),
  ]);
  return { signingKey, jwks: { keys: [jwk] }, gatewayToken, consoleToken };
}
