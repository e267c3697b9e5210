/**
 * Memoised response negotiation: clients send a handful of distinct Accept headers (kubectl,
 * client-go, informers), so each (Accept, endpoint form) pair is negotiated once. Only successful
 * answers are kept (a 406 is negotiated again each time, and is rare); the memo is bounded and
 * starts afresh when full, so odd headers cannot grow it without limit.
 */
import { type Negotiated, negotiate } from '../http/negotiate.js';

type NegotiateOptions = Parameters<typeof negotiate>[1];

const MAX_ENTRIES = 256;
const memo = new Map<string, Negotiated>();

export function negotiateCached(accept: string | undefined, options: NegotiateOptions): Negotiated {
  const key = `${options.allowTransform ? 't' : '-'}${options.target === 'list' ? 'l' : 'o'}${options.stream ? 's' : '-'}${accept ?? ''}`;
  let negotiated = memo.get(key);
  if (negotiated === undefined) {
    negotiated = Object.freeze(negotiate(accept, options));
    if (memo.size >= MAX_ENTRIES) memo.clear();
    memo.set(key, negotiated);
  }
  return negotiated;
}
