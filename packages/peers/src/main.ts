#!/usr/bin/env node
import { buildPeers } from './build.js';
import { PeerBuildError } from './go-tool.js';

// `pnpm peers:build [name...]`: build the peers our end-to-end suites run against.
try {
  const built = await buildPeers(process.argv.slice(2).filter((a) => a !== '--'));
  for (const b of built) console.log(`${b.name}: ${b.path} (${b.outcome}, ${b.seconds.toFixed(1)} s)`);
} catch (e) {
  console.error(e instanceof PeerBuildError ? e.message : e);
  process.exitCode = 1;
}
