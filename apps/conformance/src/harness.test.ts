import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oraclePki } from '@hs/peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance, type ScenarioResult } from './conformance.js';
import { allScenarios } from './scenarios/index.js';
import { type Side, startOurs } from './targets.js';

// The harness itself, without the oracle: two separate instances of our server answer every
// scenario identically once normalised (uids, times, resourceVersions, generated names differ
// between them), so a difference against kube-apiserver is the servers', not the harness's.
describe('differential harness, ours against ours', () => {
  let dir: string;
  let a: Side & { stop(): Promise<void> };
  let b: Side & { stop(): Promise<void> };
  let results: ScenarioResult[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hs-cf-self-'));
    const pki = await oraclePki(dir);
    a = await startOurs(pki, dir, 'ours');
    b = await startOurs(pki, dir, 'kube');
    results = await runConformance({ ours: a, kube: b }, allScenarios());
  }, 300_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds every operation identical', () => {
    const differing = results.flatMap((s) =>
      s.results
        .filter((r) => r.verdict !== 'identical')
        .map((r) => `${s.name} ${r.id}: ${JSON.stringify(r.unexplained.slice(0, 3))}`),
    );
    expect(differing).toEqual([]);
    expect(results.flatMap((s) => s.results).length).toBeGreaterThan(400);
  });
});
