/**
 * The token-signing key and the JWKS that publishes it (`api/jwks.json` for the apiserver,
 * `fileserver/.well-known/jwks.json` for Pilot's JWT_RULE). The first key of the JWKS is the
 * active one (its private half is `pki/token-signing.key`); any others are keys still accepted
 * during a rotation.
 *
 * Rotation with an overlap window, as Kubernetes does for service-account keys (several
 * --service-account-key-file keys verify, one --service-account-signing-key-file signs):
 * - `start` (`renew --rotate-signing-key`): a new key signs, the JWKS publishes new + old, and the
 *   tokens the initializer minted are re-minted by the new key; a token signed by the old key
 *   still verifies everywhere;
 * - `finish` (`renew --finish-signing-key-rotation`): the JWKS publishes the new key only; a
 *   token still signed by the old key is refused from then on.
 */
import { relative } from 'node:path';
import {
  generatePrivateKey,
  type Jwks,
  KeyError,
  keySpecOf,
  type PrivateKey,
  type PublicJwk,
  parsePrivateKey,
  publicJwk,
} from '@hs/pki';
import type { VolumeLayout } from './layout.js';
import { InitError, type PkiContext, readOptional } from './pki-state.js';

export interface SigningKeys {
  signingKey: PrivateKey;
  /** Active key first, then any key still accepted during a rotation. */
  jwks: Jwks;
}

const isRsaJwk = (k: unknown): k is PublicJwk => {
  const j = k as Partial<PublicJwk> | null;
  return (
    typeof j === 'object' &&
    j !== null &&
    j.kty === 'RSA' &&
    typeof j.n === 'string' &&
    typeof j.e === 'string' &&
    typeof j.kid === 'string'
  );
};

/** The keys of the published JWKS other than `activeKid` (unreadable JSON: none, with a note). */
async function retainedKeys(ctx: PkiContext, layout: VolumeLayout, activeKid: string): Promise<PublicJwk[]> {
  const path = layout.api.jwks;
  const text = (await readOptional(path)) ?? (await readOptional(layout.fileserver.jwks));
  if (text === undefined) return [];
  let keys: unknown;
  try {
    keys = (JSON.parse(text) as { keys?: unknown }).keys;
  } catch {
    ctx.notes.push(`${relative(ctx.root, path)} is not valid JSON: rewritten with the active key only`);
    return [];
  }
  if (!Array.isArray(keys)) return [];
  return keys
    .filter(isRsaJwk)
    .filter((k) => k.kid !== activeKid)
    .map(({ kty, n, e, kid }) => ({ kty, n, e, kid, alg: 'RS256', use: 'sig' }));
}

async function loadOrCreate(ctx: PkiContext, layout: VolumeLayout): Promise<PrivateKey> {
  const keyPath = layout.pki.tokenSigningKey;
  const keyText = await readOptional(keyPath);
  if (ctx.rotate || keyText === undefined) {
    const size = ctx.keySpec.type === 'rsa' ? ctx.keySpec.size : 2048;
    ctx.notes.push(
      `token-signing key: ${keyText === undefined ? 'generated' : 'rotated'} (RSA ${size}, RS256)`,
    );
    return generatePrivateKey({ type: 'rsa', size });
  }
  let key: PrivateKey;
  try {
    key = parsePrivateKey(keyText, relative(ctx.root, keyPath));
  } catch (err) {
    if (err instanceof KeyError) throw new InitError(`${err.message}; move it away or re-run with --rotate`);
    throw err;
  }
  if (key.key.asymmetricKeyType !== 'rsa') {
    throw new InitError(
      `${relative(ctx.root, keyPath)} is not an RSA key (tokens are RS256); re-run with --rotate`,
    );
  }
  return key;
}

export async function signingKeys(ctx: PkiContext, layout: VolumeLayout): Promise<SigningKeys> {
  const current = await loadOrCreate(ctx, layout);
  const currentJwk = await publicJwk(current.key);
  // `init --rotate` replaces the key outright: no earlier key stays accepted.
  const others = ctx.rotate ? [] : await retainedKeys(ctx, layout, currentJwk.kid);
  const kids = (keys: PublicJwk[]) => keys.map((k) => k.kid).join(', ');
  if (ctx.tokenKeyRotation === 'start') {
    if (others.length > 0) {
      throw new InitError(
        `token-signing key: a rotation is already in progress (the JWKS still publishes ${kids(others)}); ` +
          'finish it with `renew --finish-signing-key-rotation` first',
      );
    }
    const spec = keySpecOf(current.key);
    const next = await generatePrivateKey(spec?.type === 'rsa' ? spec : { type: 'rsa', size: 2048 });
    const nextJwk = await publicJwk(next.key);
    ctx.notes.push(
      `token-signing key: rotation started: key ${nextJwk.kid} signs; ${currentJwk.kid} stays in the JWKS until \`renew --finish-signing-key-rotation\``,
    );
    return { signingKey: next, jwks: { keys: [nextJwk, currentJwk] } };
  }
  if (ctx.tokenKeyRotation === 'finish') {
    if (others.length === 0) {
      throw new InitError(
        'token-signing key: no rotation in progress (the JWKS has one key); nothing to finish',
      );
    }
    ctx.notes.push(`token-signing key: rotation finished: the JWKS no longer publishes ${kids(others)}`);
    return { signingKey: current, jwks: { keys: [currentJwk] } };
  }
  return { signingKey: current, jwks: { keys: [currentJwk, ...others] } };
}
