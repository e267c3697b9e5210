import { existsSync, readFileSync } from 'node:fs';
import { lstat, readFile, readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { OWN_IMAGE_DOCKERFILE } from '@hs/topology';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKSPACE_ROOT } from '../test-helpers/run-cli.js';
import { assembleLocalRootfs, BASE_TOOLS } from './local-rootfs.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** The shell's own words (grouping and dash builtins), not commands the image must carry. */
const GROUPING = new Set(['{', '}']);
const BUILTINS = new Set(['[', 'exit', 'echo']);

/**
 * Every command a Dockerfile's RUN steps call: first words of each `&&`/`||`/`|`/`;` part and
 * `-exec` targets, less the shell's own words.
 */
function runCommands(dockerfile: string): string[] {
  const text = dockerfile.replace(/\\\n/g, ' ');
  const commands = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('RUN ')) continue;
    for (const part of line.slice(4).split(/&&|\|\||\||;/)) {
      const words = part
        .trim()
        .split(/\s+/)
        .filter((w) => !/^[A-Z_]+=/.test(w));
      while (words[0] && GROUPING.has(words[0])) words.shift();
      if (words[0] && !BUILTINS.has(words[0])) commands.add(words[0]);
      for (let i = 0; i < words.length - 1; i++) if (words[i] === '-exec') commands.add(words[i + 1] ?? '');
    }
  }
  return [...commands];
}

describe('the offline base image', () => {
  it("carries every command our Dockerfile's RUN steps call", () => {
    const available = new Set<string>(['node', 'npm', 'pnpm', ...BASE_TOOLS]);
    const commands = runCommands(readFileSync(join(WORKSPACE_ROOT, OWN_IMAGE_DOCKERFILE), 'utf8'));
    expect(commands.length).toBeGreaterThan(3);
    for (const command of commands) expect(available, `the Dockerfile runs ${command}`).toContain(command);
    // Every tool the base carries is there for a reason: the Dockerfile or pnpm's bin shims.
    expect(commands).toEqual(expect.arrayContaining(['pnpm', 'npm', 'grep', 'find', 'rm', 'mkdir', 'chown']));
  });

  it("is assembled from this machine's node, its libraries, the tools, npm/pnpm and the users", {
    timeout: 60_000,
  }, async () => {
    const rootfs = await assembleLocalRootfs();
    dirs.push(rootfs.dir);
    const at = (path: string) => join(rootfs.dir, path);
    expect((await lstat(at('usr/bin/node'))).size).toBe((await lstat(process.execPath)).size);
    for (const tool of BASE_TOOLS) expect(existsSync(at(`usr/bin/${tool}`)), tool).toBe(true);
    // /bin/sh resolves through the /bin → usr/bin link, as the RUN steps and shims need.
    expect((await lstat(at('bin'))).isSymbolicLink()).toBe(true);
    expect(existsSync(at('bin/sh'))).toBe(true);
    // The ELF interpreter node names is present at the same path.
    const interpreter = readFileSync(process.execPath)
      .subarray(0, 4096)
      .toString('latin1')
      .match(/\/lib[^\0]*ld[^\0]*\.so[.\d]*/);
    if (interpreter) expect(existsSync(at(interpreter[0])), interpreter[0]).toBe(true);
    for (const manager of rootfs.packageManagers) {
      // An absolute link inside the image: resolve it under the rootfs.
      expect(existsSync(at(await readlink(at(`usr/local/bin/${manager}`)))), manager).toBe(true);
    }
    expect(await readFile(at('etc/passwd'), 'utf8')).toMatch(/^istio:x:1337:1337:/m);
    expect((await lstat(at('tmp'))).mode & 0o1777).toBe(0o1777);
  });
});
