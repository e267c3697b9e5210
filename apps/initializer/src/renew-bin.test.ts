/**
 * The real `higress-initializer` bin (bin/higress-initializer.js through @hs/launcher, as compose's
 * init container and operators run it): `init`, then `renew` against a running API server that
 * holds a watch open, exit statuses and messages for bad input. Every process is spawned
 * asynchronously so the in-process API server keeps serving meanwhile.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCertificates } from '@hs/pki';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { volumeLayout } from './layout.js';
import {
  call,
  eventually,
  holdWatch,
  type LiveApiserver,
  liveApiserver,
  read,
  servedFingerprint,
} from './test-helpers/live.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'higress-initializer.js');
let root: string;
let live: LiveApiserver | undefined;

function bin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hs-renew-bin-'));
});
afterAll(async () => {
  await live?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('the higress-initializer bin', { timeout: 240_000 }, () => {
  it('init, then renew --force and --rotate-signing-key against a running API server: new certificate served, watch kept', async () => {
    const init = await bin(['init', '--root', root, '--storage', 'memory', '--key-type', 'ecdsa']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^init: \d+ change\(s\) under /m);
    const layout = volumeLayout(root);
    live = await liveApiserver(layout, 3_600_000);
    const admin = {
      ca: await read(layout.api.caCert),
      cert: await read(layout.kube.clientCert('admin')),
      key: await read(layout.kube.clientKey('admin')),
    };
    const base = live.server.url;
    expect(await call(`${base}/api/v1/namespaces`, admin, 'POST', { metadata: { name: 'w' } })).toBe(201);
    const watch = await holdWatch(`${base}/api/v1/namespaces/w/configmaps?watch=1`, admin);
    const servedBefore = await servedFingerprint(base);

    // Tokens carry whole seconds: one renewed within init's second would be the same token.
    await new Promise((r) => setTimeout(r, 1_100));
    const renew = await bin(['renew', '--root', root, '--force']);
    expect(renew.code, renew.stderr).toBe(0);
    expect(renew.stdout).toMatch(
      /^renewed api\/server\.crt \(apiserver serving certificate\): notAfter \S+ -> \S+/m,
    );
    expect(renew.stdout).toMatch(/^renewed gateway\/secrets\/tokens\/istio-token /m);
    expect(renew.stdout).toMatch(/^renew: \d+ file\(s\) rewritten under /m);
    const served = parseCertificates(await read(layout.api.serverCert))[0]!.fingerprint256;
    expect(served).not.toBe(servedBefore);
    expect(await eventually(async () => (await servedFingerprint(base)) === served)).toBe(true);
    // The watch opened before the renewal still delivers events; new credentials work.
    const renewed = {
      ...admin,
      cert: await read(layout.kube.clientCert('admin')),
      key: await read(layout.kube.clientKey('admin')),
    };
    expect(
      await call(`${base}/api/v1/namespaces/w/configmaps`, renewed, 'POST', {
        metadata: { name: 'after-renew' },
      }),
    ).toBe(201);
    expect(await eventually(async () => watch.events.some((e) => e.name === 'after-renew'))).toBe(true);
    expect(watch.ended).toBe(false);

    const oldKid = decodeProtectedHeader(await read(layout.gateway.istioToken)).kid;
    const rotate = await bin(['renew', '--root', root, '--rotate-signing-key']);
    expect(rotate.code, rotate.stderr).toBe(0);
    expect(rotate.stdout).toContain('token-signing key: rotation started');
    const jwks = JSON.parse(await read(layout.fileserver.jwks)) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([
      decodeProtectedHeader(await read(layout.gateway.istioToken)).kid,
      oldKid,
    ]);
    const again = await bin(['renew', '--root', root]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^nothing to renew: /m);
    watch.close();
  });

  it('exits 2 on a bad flag and 1 with a message on a bad duration or a missing installation', async () => {
    const flag = await bin(['renew', '--root', root, '--no-such-flag']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--no-such-flag'");
    const duration = await bin(['renew', '--root', root, '--before', '30']);
    expect(duration.code).toBe(1);
    expect(duration.stderr).toMatch(/^higress-initializer: --before: .*30/m);
    const both = await bin([
      'renew',
      '--root',
      root,
      '--rotate-signing-key',
      '--finish-signing-key-rotation',
    ]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('are two steps');
    const none = await bin(['renew', '--root', join(root, 'nothing-here')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no installation to renew .*run init first/);
  });
});
