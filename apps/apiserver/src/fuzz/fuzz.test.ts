import { describe, expect, it } from 'vitest';
import { runCampaign } from './campaign.js';
import { DECODER_FAMILIES } from './decoder-requests.js';

// The short form of `pnpm fuzz`: the same properties, seed and target, a few runs each.
describe('fuzzing (short form of pnpm fuzz)', () => {
  it('keeps every invariant over every decoder family and every OpenAPI operation', async () => {
    const result = await runCampaign({ seed: 17, numRuns: 25, timeLimitMs: 5_000 });
    expect(result.operations).toBeGreaterThan(200);
    expect(result.families.map((f) => f.family)).toEqual([
      ...Object.keys(DECODER_FAMILIES),
      'openapi operations',
    ]);
    const failures = result.families
      .filter((f) => f.failure)
      .map((f) => ({ family: f.family, ...f.failure }));
    expect(failures).toEqual([]);
    for (const family of result.families) expect(family.requests, family.family).toBeGreaterThan(0);
  }, 180_000);
});
