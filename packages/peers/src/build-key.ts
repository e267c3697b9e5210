import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PeerTarget } from './targets.js';

/** Our own Go sources in a module (never upstream code; that is pinned by go.sum). */
function ownSources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) ownSources(path, out);
    else if (entry.endsWith('.go')) out.push(path);
  }
  return out;
}

/**
 * What a binary depends on: the Go version, the target, our module's go.mod and go.sum, and for
 * our own packages our Go files. Equal keys mean the cached binary is the one a build would make.
 */
export function buildKey(target: PeerTarget, moduleDir: string, goVersion: string): string {
  const h = createHash('sha256');
  h.update(`${goVersion}\0${target.name}\0${target.pkg}\0`);
  for (const f of ['go.mod', 'go.sum']) h.update(readFileSync(join(moduleDir, f)));
  // Our own Go code matters only to our own packages; an upstream main is pinned by go.sum alone.
  const own = target.pkg.startsWith('./') ? ownSources(moduleDir) : [];
  for (const f of own) {
    h.update(relative(moduleDir, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 24);
}
