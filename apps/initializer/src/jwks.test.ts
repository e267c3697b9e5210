import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFileServer } from '@hs/fileserver';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { runInit } from './init.js';
import { volumeLayout } from './layout.js';

/** Pilot's JWT_RULE in compose: issuer, jwks_uri on the fileserver, audiences [istio-ca]. */
const JWT_RULE = { issuer: 'higress', audiences: ['istio-ca'] };

describe('tokens verified through the fileserver JWKS', () => {
  it("verifies the gateway's and the console's tokens, and picks up a rotated key", async () => {
    const root = await mkdtemp(join(tmpdir(), 'init-jwks-'));
    await runInit({ root, keyType: 'ecdsa', log: () => undefined });
    const fs = await startFileServer({
      root: volumeLayout(root).fileserver.root,
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const L = volumeLayout(root);
      // jose refetches the key set when a token carries an unknown kid (as go-oidc does)
      const jwks = createRemoteJWKSet(new URL(`${fs.url}/.well-known/jwks.json`), { cooldownDuration: 0 });
      const verify = async (path: string) =>
        (await jwtVerify(await readFile(path, 'utf8'), jwks, { ...JWT_RULE, algorithms: ['RS256'] })).payload;
      expect((await verify(L.gateway.istioToken)).sub).toBe(
        'system:serviceaccount:higress-system:higress-gateway',
      );
      expect((await verify(L.console.token)).sub).toBe(
        'system:serviceaccount:higress-system:higress-console',
      );
      await expect(
        jwtVerify(await readFile(L.gateway.istioToken, 'utf8'), jwks, {
          ...JWT_RULE,
          audience: 'kubernetes',
        }),
      ).rejects.toThrow(/aud/);

      const oldKid = decodeProtectedHeader(await readFile(L.gateway.istioToken, 'utf8')).kid;
      await runInit({ root, keyType: 'ecdsa', rotate: true, log: () => undefined });
      const newToken = await readFile(L.gateway.istioToken, 'utf8');
      expect(decodeProtectedHeader(newToken).kid).not.toBe(oldKid);
      expect((await verify(L.gateway.istioToken)).iss).toBe('higress');
    } finally {
      await fs.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
