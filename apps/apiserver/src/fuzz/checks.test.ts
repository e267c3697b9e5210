import { describe, expect, it } from 'vitest';
import { answerProblems, pollutionProblems, prototypeBaseline, snapshotDifferences } from './checks.js';

const status = (code: number, reason: string) =>
  JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'm',
    reason,
    code,
  });

// The fuzzer's oracle must be able to fail: each invariant rejects the answer that breaks it.
describe('fuzz invariants', () => {
  it('accept a well-formed Status and successes', () => {
    expect(
      answerProblems({ statusCode: 404, contentType: 'application/json', body: status(404, 'NotFound') }),
    ).toEqual([]);
    expect(answerProblems({ statusCode: 200, contentType: 'application/json', body: '{}' })).toEqual([]);
  });

  it('reject 5xx, a wrong reason, a wrong code and a body that is not a Status', () => {
    expect(
      answerProblems({
        statusCode: 500,
        contentType: 'application/json',
        body: status(500, 'InternalError'),
      }),
    ).toHaveLength(1);
    expect(
      answerProblems({ statusCode: 400, contentType: 'application/json', body: status(400, 'Invalid') })[0],
    ).toContain('reason Invalid');
    expect(
      answerProblems({ statusCode: 422, contentType: 'application/json', body: status(400, 'Invalid') })[0],
    ).toContain('code is 400');
    expect(answerProblems({ statusCode: 400, contentType: 'text/plain', body: 'oops' })[0]).toContain(
      'not JSON/YAML',
    );
  });

  it('accept only the too-large-resourceVersion 504', () => {
    const body = JSON.stringify({
      ...JSON.parse(status(504, 'Timeout')),
      message: 'Too large resource version: 9, current: 1',
    });
    expect(answerProblems({ statusCode: 504, contentType: 'application/json', body })).toEqual([]);
    expect(
      answerProblems({ statusCode: 504, contentType: 'application/json', body: status(504, 'Timeout') }),
    ).toHaveLength(1);
  });

  it('see a polluted prototype and a changed snapshot', () => {
    const baseline = prototypeBaseline();
    Object.defineProperty(Object.prototype, 'fuzzProbe', { value: 1, configurable: true });
    try {
      expect(pollutionProblems(baseline)).toEqual(['prototype pollution: Object.prototype gained fuzzProbe']);
    } finally {
      delete (Object.prototype as Record<string, unknown>).fuzzProbe;
    }
    expect(pollutionProblems(baseline)).toEqual([]);
    expect(
      snapshotDifferences(
        new Map([['a', '1']]),
        new Map([
          ['a', '2'],
          ['b', '1'],
        ]),
      ),
    ).toEqual(['a', 'b']);
  });
});
