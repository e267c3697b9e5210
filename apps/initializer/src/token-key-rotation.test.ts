/**
 * A token-signing key rotation seen through real HTTP: the file server publishing the JWKS Pilot
 * verifies tokens with (read by jose's remote key set, as go-oidc reads it for Pilot's JWT_RULE)
 * and a running API server verifying bearer tokens against `api/jwks.json`. During the overlap the
 * old token and the new one are both accepted; after finishing, the old one is refused (401).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFileServer } from '@hs/fileserver';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInit } from './init.js';
import { type VolumeLayout, volumeLayout } from './layout.js';
import { InitError } from './pki-state.js';
import { runRenew } from './renew.js';
import { call, eventually, type LiveApiserver, liveApiserver, read } from './test-helpers/live.js';

const quiet = () => undefined;
let root: string;
let layout: VolumeLayout;
let live: LiveApiserver | undefined;
let fileserver: Awaited<ReturnType<typeof startFileServer>> | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hs-token-key-'));
  layout = volumeLayout(root);
  await runInit({ root, keyType: 'ecdsa', log: quiet });
});
afterEach(async () => {
  await live?.stop();
  await fileserver?.close();
  live = undefined;
  fileserver = undefined;
  await rm(root, { recursive: true, force: true });
});

const kidOf = (token: string) => decodeProtectedHeader(token).kid;

/** The JWKS as the file server serves it, and a token verified against it as Pilot would. */
async function published(): Promise<string[]> {
  const res = await fetch(`${fileserver!.url}/.well-known/jwks.json`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
}
async function pilotAccepts(token: string): Promise<boolean> {
  // A fresh key set per check: go-oidc in a restarted Pilot, or one that met an unknown kid.
  const jwks = createRemoteJWKSet(new URL(`${fileserver!.url}/.well-known/jwks.json`));
  return jwtVerify(token, jwks, { issuer: 'higress', audience: 'istio-ca' }).then(
    () => true,
    () => false,
  );
}

describe('token-signing key rotation with an overlapping JWKS', () => {
  it('old and new tokens are accepted during the overlap; after finishing the old one is refused with 401', async () => {
    fileserver = await startFileServer({ root: layout.fileserver.root, port: 0, host: '127.0.0.1' });
    live = await liveApiserver(layout, 3_600_000, {
      authentication: {
        jwt: { jwks: layout.api.jwks, issuers: ['higress'], audiences: ['istio-ca'] },
        reloadCheckIntervalMs: 0,
      },
      authorizationMode: 'AlwaysAllow',
    });
    const url = `${live.server.url}/api`;
    const ca = await read(layout.api.caCert);
    const oldToken = await read(layout.gateway.istioToken);
    const oldConsole = await read(layout.console.token);
    const oldKid = kidOf(oldToken);
    expect(await published()).toEqual([oldKid]);
    expect(await call(url, { ca, token: oldToken })).toBe(200);

    const lines: string[] = [];
    await runRenew({ root, rotateSigningKey: true, log: (l) => lines.push(l) });
    expect(lines.join('\n')).toContain('token-signing key: rotation started');
    const newToken = await read(layout.gateway.istioToken);
    const newKid = kidOf(newToken);
    expect(newKid).not.toBe(oldKid);
    expect(kidOf(await read(layout.console.token))).toBe(newKid);
    expect(await read(layout.console.token)).not.toBe(oldConsole);
    // The file server serves the new JWKS at once (no restart): new key first, old one kept.
    expect(await published()).toEqual([newKid, oldKid]);
    expect(await read(layout.api.jwks)).toBe(await read(layout.fileserver.jwks));
    expect(await pilotAccepts(oldToken)).toBe(true);
    expect(await pilotAccepts(newToken)).toBe(true);
    expect(await eventually(async () => (await call(url, { ca, token: newToken })) === 200)).toBe(true);
    expect(await call(url, { ca, token: oldToken })).toBe(200);

    // init and renew during the overlap keep both keys and the new tokens.
    await runInit({ root, keyType: 'ecdsa', log: quiet });
    await runRenew({ root, log: quiet });
    expect(await published()).toEqual([newKid, oldKid]);
    expect(await read(layout.gateway.istioToken)).toBe(newToken);
    await expect(runRenew({ root, rotateSigningKey: true, log: quiet })).rejects.toThrow(
      /rotation is already in progress .*--finish-signing-key-rotation/,
    );

    await runRenew({ root, finishSigningKeyRotation: true, log: (l) => lines.push(l) });
    expect(lines.join('\n')).toContain(`the JWKS no longer publishes ${oldKid}`);
    expect(await published()).toEqual([newKid]);
    expect(await read(layout.gateway.istioToken)).toBe(newToken);
    expect(await pilotAccepts(oldToken)).toBe(false);
    expect(await pilotAccepts(newToken)).toBe(true);
    expect(await eventually(async () => (await call(url, { ca, token: oldToken })) === 401)).toBe(true);
    expect(await call(url, { ca, token: newToken })).toBe(200);
    await expect(runRenew({ root, finishSigningKeyRotation: true, log: quiet })).rejects.toThrow(
      /no rotation in progress/,
    );
  });

  it('refuses both steps at once; init --rotate replaces the key outright; a corrupt JWKS is rewritten', async () => {
    await expect(
      runRenew({ root, rotateSigningKey: true, finishSigningKeyRotation: true, log: quiet }),
    ).rejects.toThrow(InitError);
    await runRenew({ root, rotateSigningKey: true, log: quiet });
    const jwks = () => read(layout.fileserver.jwks).then((t) => (JSON.parse(t) as { keys: unknown[] }).keys);
    expect(await jwks()).toHaveLength(2);
    await runInit({ root, keyType: 'ecdsa', rotate: true, log: quiet });
    expect(await jwks()).toHaveLength(1);
    const token = await read(layout.gateway.istioToken);
    expect((await jwks()).map((k) => (k as { kid: string }).kid)).toEqual([kidOf(token)]);

    await writeFile(layout.api.jwks, '{ not json');
    await writeFile(layout.fileserver.jwks, '{ not json');
    const notes: string[] = [];
    await runInit({ root, keyType: 'ecdsa', log: (l) => notes.push(l) });
    expect(notes.join('\n')).toMatch(/jwks\.json is not valid JSON: rewritten with the active key only/);
    expect((await jwks()).map((k) => (k as { kid: string }).kid)).toEqual([kidOf(token)]);
  });
});
