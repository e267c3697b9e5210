/** `status --state-dir` and `renew` through the real CLI process on a real state directory. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runInit, volumeLayout } from '@hs/initializer';
import { DAY_MS } from '@hs/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_ROOT } from '../test-helpers/run-cli.js';

const run = promisify(execFile);
const BIN = join(WORKSPACE_ROOT, 'apps/cli/bin/higress-standalone.js');
let dir: string;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: WORKSPACE_ROOT,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hs-cli-renew-'));
  // Leaves valid 20 days: inside the 30-day window from the start.
  await runInit({ root: dir, keyType: 'ecdsa', leafValidityMs: 20 * DAY_MS, log: () => undefined });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('renew and status through the CLI', { timeout: 180_000 }, () => {
  it('status lists every certificate and token with its expiry and warns inside 30 days; renew fixes it; a second renew does nothing', async () => {
    const status = await cli(['status', '--state-dir', dir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      'certificates and tokens (issued by init; warnings from 30 days before expiry):',
    );
    expect(status.stdout).toMatch(
      /^ {2}api\/ca\.crt +\d{4}-\d\d-\d\dT\S+Z +in 36\d\d day\(s\) +O=higress, CN=higress-root-ca$/m,
    );
    expect(status.stdout).toMatch(
      /^ {2}api\/server\.crt +\S+ +in 19 day\(s\) +O=higress, CN=higress-apiserver$/m,
    );
    expect(status.stdout).toMatch(
      /^ {2}console\/token +\S+ +in 19 day\(s\) +token system:serviceaccount:higress-system:higress-console$/m,
    );
    expect(status.stdout).toMatch(
      /^WARNING: api\/server\.crt \(apiserver serving certificate\) expires in 19 day\(s\): run `higress-standalone renew`$/m,
    );
    expect(status.stdout.match(/^WARNING: /gm)).toHaveLength(8);

    const renew = await cli(['renew', '--state-dir', dir]);
    expect(renew.code).toBe(0);
    expect(renew.stdout.match(/^renewed /gm)).toHaveLength(8);
    expect(renew.stdout).toMatch(
      /^renewed kube\/admin\/client\.crt \(admin client certificate\): notAfter \S+ -> \S+ \(in 36[45] day\(s\)\)$/m,
    );
    const after = await cli(['status', '--state-dir', dir]);
    expect(after.stdout).not.toContain('WARNING');
    expect((await cli(['renew', '--state-dir', dir])).stdout).toMatch(/^nothing to renew: /m);
  });

  it('rotates the CA and the token-signing key in two steps each and rejects bad input naming the flag', async () => {
    const caFile = volumeLayout(dir).api.caCert;
    const rotate = await cli(['renew', '--state-dir', dir, '--rotate-ca']);
    expect(rotate.stdout).toContain('rotation started');
    expect((await cli(['status', '--state-dir', dir])).stdout).toContain('api/ca.crt');
    expect((await readFile(caFile, 'utf8')).match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const finish = await cli(['renew', '--state-dir', dir, '--finish-ca-rotation']);
    expect(finish.stdout).toContain('rotation finished');
    expect((await readFile(caFile, 'utf8')).match(/BEGIN CERTIFICATE/g)).toHaveLength(1);

    const jwksFile = volumeLayout(dir).fileserver.jwks;
    const kids = async () =>
      (JSON.parse(await readFile(jwksFile, 'utf8')) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const [oldKid] = await kids();
    const startKey = await cli(['renew', '--state-dir', dir, '--rotate-signing-key']);
    expect(startKey.stdout).toContain('token-signing key: rotation started');
    expect(await kids()).toHaveLength(2);
    expect((await kids())[1]).toBe(oldKid);
    const finishKey = await cli(['renew', '--state-dir', dir, '--finish-signing-key-rotation']);
    expect(finishKey.stdout).toContain(`the JWKS no longer publishes ${oldKid}`);
    expect(await kids()).toHaveLength(1);

    const bad = await cli(['renew', '--state-dir', dir, '--before', '30']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--before: "30" is not a duration');
    const none = await cli(['renew', '--state-dir', join(dir, 'nothing-here')]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/no installation to renew .*run init first/);
  });
});
