import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildKey } from './build-key.js';
import { goVersion } from './go-tool.js';
import { binDir, peersRoot } from './paths.js';
import { peerTarget } from './targets.js';

export type PeerLookup = { path: string; missing?: undefined } | { path?: undefined; missing: string };

/**
 * The built binary of a peer, or why there is none (not built, or built from another go.sum or Go
 * version). Tests skip with `missing` as their printed reason.
 */
export function peerBinary(name: string): PeerLookup {
  const target = peerTarget(name);
  const path = join(binDir(), name);
  if (!existsSync(path))
    return { missing: `${target.description} (${name}) is not built: run \`pnpm peers:build\`` };
  let version: string;
  try {
    version = goVersion();
  } catch {
    return { path }; // no Go to compare with: the binary there is all we have
  }
  const want = buildKey(target, join(peersRoot(), target.module), version);
  const stamp = `${path}.key`;
  const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
  if (have !== want) return { missing: `${name} is stale (its Go module changed): run \`pnpm peers:build\`` };
  return { path };
}
