/**
 * The one owner of "when is a certificate or token due": warnings (status, /readyz?verbose) and
 * the default of `renew --before` both start EXPIRY_WARNING_DAYS before notAfter.
 */

export const EXPIRY_WARNING_DAYS = 30;
export const DAY_MS = 86_400_000;
export const EXPIRY_WARNING_MS = EXPIRY_WARNING_DAYS * DAY_MS;

export type ExpiryState = 'ok' | 'warning' | 'expired';

export interface Expiry {
  notAfter: Date;
  /** Whole days left, rounded down; negative once expired. */
  daysLeft: number;
  msLeft: number;
  state: ExpiryState;
}

/** How far `notAfter` is from `now` and whether that warrants a warning (`warnMs` before it). */
export function expiryOf(notAfter: Date, now = new Date(), warnMs = EXPIRY_WARNING_MS): Expiry {
  const msLeft = notAfter.getTime() - now.getTime();
  const state: ExpiryState = msLeft <= 0 ? 'expired' : msLeft <= warnMs ? 'warning' : 'ok';
  return { notAfter, daysLeft: Math.floor(msLeft / DAY_MS), msLeft, state };
}

/** "in 12 day(s)", "in 3 h", "in 40 s", "EXPIRED 2 day(s) ago": what an operator reads. */
export function describeTimeLeft(msLeft: number): string {
  const abs = Math.abs(msLeft);
  const amount =
    abs >= DAY_MS
      ? `${Math.floor(abs / DAY_MS)} day(s)`
      : abs >= 3_600_000
        ? `${Math.floor(abs / 3_600_000)} h`
        : abs >= 60_000
          ? `${Math.floor(abs / 60_000)} min`
          : `${Math.floor(abs / 1000)} s`;
  return msLeft <= 0 ? `EXPIRED ${amount} ago` : `in ${amount}`;
}

export class DurationError extends Error {
  override readonly name = 'DurationError';
}

const UNIT_MS: Record<string, number> = { d: DAY_MS, h: 3_600_000, m: 60_000, s: 1000 };

/**
 * Parses a duration such as `30d`, `12h`, `90m`, `5s` or `1d12h` (units d, h, m, s; no bare
 * numbers, so `30` is never read as seconds or days by mistake). Returns milliseconds.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?[dhms])+$/.test(trimmed)) {
    throw new DurationError(
      `${JSON.stringify(text)} is not a duration: use a number with a unit d, h, m or s (e.g. 30d, 12h, 5s)`,
    );
  }
  let ms = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)([dhms])/g)) ms += Number(n) * UNIT_MS[unit!]!;
  return ms;
}
