import { buildProgram } from '../program.js';

/** Runs the CLI program in this process (as `higress-standalone ARGS`) and returns what it printed. */
export async function runProgram(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = buildProgram({ out: (l) => lines.push(l), stdout: process.stdout, stderr: process.stderr });
  program.exitOverride();
  await program.parseAsync(['node', 'higress-standalone', ...args]);
  return lines;
}
