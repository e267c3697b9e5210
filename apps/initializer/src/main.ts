#!/usr/bin/env node
import { CommanderError } from 'commander';
import { buildProgram } from './cli.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  process.stderr.write(`higress-initializer: ${(err as Error).message}\n`);
  process.exit(1);
}
