#!/usr/bin/env node
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { VersionRequest, versionLines } from './versions.js';

const program = buildProgram({
  out: (line) => process.stdout.write(`${line}\n`),
  stdout: process.stdout,
  stderr: process.stderr,
});
program.exitOverride();
// `pnpm dev --local` runs `pnpm --filter @hs/cli run start -- dev --local`, and pnpm hands the `--`
// on to the script: drop it, or commander would read every later flag as an operand.
const argv =
  process.argv[2] === '--' ? [...process.argv.slice(0, 2), ...process.argv.slice(3)] : process.argv;
try {
  await program.parseAsync(argv);
  process.exit(0);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof VersionRequest) {
    for (const line of await versionLines()) process.stdout.write(`${line}\n`);
    process.exit(0);
  }
  // StackConfigError's message lists every invalid field by path.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`higress-standalone: ${message}\n`);
  process.exit(1);
}
