import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';

/**
 * `renew [--state-dir DIR] [--before 30d] [--force] [--validity 365d] [--rotate-ca | --finish-ca-rotation]
 *  [--rotate-signing-key | --finish-signing-key-rotation]`:
 * the initializer's renewal on a state directory (the embedded stack's `.dev`, or a copy of the
 * compose volumes' parent). A running API server reloads the files by itself.
 */
export function registerRenew(
  program: Command,
  out: (line: string) => void,
  defaultStateDir: string,
  userPath: (p: string) => string,
): void {
  program
    .command('renew')
    .description(
      're-issue leaf certificates and tokens before they expire (CAs kept); rotate the apiserver CA or the token-signing key',
    )
    .option('--state-dir <dir>', 'state directory holding volumes/', defaultStateDir)
    .option('--before <duration>', 'renew what expires within this (e.g. 30d, 12h)', '30d')
    .option('--force', 'renew every leaf certificate and token', false)
    .option('--validity <duration>', 'lifetime of what is re-issued', '365d')
    .option('--rotate-ca', 'start an apiserver CA rotation: new CA, old one still trusted', false)
    .option('--finish-ca-rotation', 'finish it: trust only the new CA', false)
    .option(
      '--rotate-signing-key',
      'start a token-signing key rotation: new key signs, old one stays in the JWKS',
      false,
    )
    .option('--finish-signing-key-rotation', 'finish it: publish only the new key', false)
    .action(async (o) => {
      const [{ parseDuration, DurationError }, { runRenew }] = await Promise.all([
        import('@hs/pki'),
        import('@hs/initializer'),
      ]);
      const ms = (flag: string, v: string) => {
        try {
          return parseDuration(v);
        } catch (err) {
          if (err instanceof DurationError) throw new Error(`${flag}: ${err.message}`);
          throw err;
        }
      };
      const stateDir = userPath(o.stateDir);
      const result = await runRenew({
        root: stateDir,
        beforeMs: ms('--before', o.before),
        force: o.force === true,
        validityMs: ms('--validity', o.validity),
        rotateCa: o.rotateCa === true,
        finishCaRotation: o.finishCaRotation === true,
        rotateSigningKey: o.rotateSigningKey === true,
        finishSigningKeyRotation: o.finishSigningKeyRotation === true,
        log: out,
      });
      // `pnpm dev` hands out a copy of the admin kubeconfig: keep it in step.
      const copy = join(stateDir, 'kubeconfig');
      if (existsSync(copy) && result.changes.some((c) => c.path === result.layout.kube.adminConfig)) {
        await copyFile(result.layout.kube.adminConfig, copy);
        out(`updated ${copy}`);
      }
    });
}
