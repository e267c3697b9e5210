/**
 * A fuzz campaign: one fast-check property per decoder family plus one over every operation of
 * the OpenAPI documents, each with the same seed, a run count and a time box. A property fails at
 * the first request that breaks an invariant; fast-check shrinks it to a small counterexample.
 */
import fc from 'fast-check';
import { DECODER_FAMILIES } from './decoder-requests.js';
import { loadOperations, openApiRequests } from './openapi-requests.js';
import { createTarget, type FuzzRequest } from './target.js';

export interface CampaignOptions {
  seed: number;
  /** Runs per property. */
  numRuns: number;
  /** Time box per property (ms); a property stops early when it is reached. */
  timeLimitMs: number;
  deadlineMs?: number;
}

export interface FamilyResult {
  family: string;
  requests: number;
  byStatus: Record<number, number>;
  failure?: { request: FuzzRequest; problems: string[] };
}

export interface CampaignResult {
  operations: number;
  families: FamilyResult[];
}

const show = (request: FuzzRequest): FuzzRequest => ({
  ...request,
  ...(Buffer.isBuffer(request.body) ? { body: `<bytes ${request.body.toString('hex').slice(0, 200)}>` } : {}),
  ...(typeof request.body === 'string' && request.body.length > 600
    ? { body: `${request.body.slice(0, 600)}…` }
    : {}),
});

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const target = await createTarget(options.deadlineMs);
  try {
    const operations = await loadOperations(target.app);
    const families: Array<[string, fc.Arbitrary<FuzzRequest>]> = [
      ...Object.entries(DECODER_FAMILIES),
      ['openapi operations', openApiRequests(operations)],
    ];
    const results: FamilyResult[] = [];
    for (const [family, arbitrary] of families) {
      const result: FamilyResult = { family, requests: 0, byStatus: {} };
      let last: { request: FuzzRequest; problems: string[] } | undefined;
      const property = fc.asyncProperty(arbitrary, async (request) => {
        result.requests++;
        const verdict = await target.send(request);
        const code = verdict.answer?.statusCode ?? 0;
        result.byStatus[code] = (result.byStatus[code] ?? 0) + 1;
        if (verdict.problems.length > 0) {
          last = { request: show(request), problems: verdict.problems };
          return false;
        }
        return true;
      });
      const details = await fc.check(property, {
        seed: options.seed,
        numRuns: options.numRuns,
        interruptAfterTimeLimit: options.timeLimitMs,
        markInterruptAsFailure: false,
      });
      // After shrinking, `last` holds the smallest failing request fast-check reached.
      if (details.failed && last) result.failure = last;
      results.push(result);
    }
    return { operations: operations.length, families: results };
  } finally {
    await target.close();
  }
}
