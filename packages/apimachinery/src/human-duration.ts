/**
 * Human-readable ages for Table cells, mirroring k8s.io/apimachinery/pkg/util/duration/duration.go
 * (HumanDuration, ~2-3 significant figures) and metatable.ConvertToHumanReadableDateType.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's int(x) conversion: truncation toward zero. */
const trunc = (x: number) => Math.trunc(x);

/** `d` in milliseconds → `45s`, `3m12s`, `15m`, `5h3m`, `30h`, `3d4h`, `200d`, `3y20d`, `10y`. */
export function humanDuration(d: number): string {
  const seconds = trunc(d / SECOND);
  // a deviation of up to 2 s (excluded) counts as "now": machine clocks differ
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = trunc(d / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = trunc(d / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${trunc(hours / 24)}d` : `${trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = trunc(hours / 24) % 365;
    const y = trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${trunc(hours / 24 / 365)}y`;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The age of an RFC 3339 timestamp at `now`: `<unknown>` for the zero time, `<invalid>` for text
 * that is not a timestamp (the CRD table convertor's answer).
 */
export function humanAge(timestamp: string, now: Date): string {
  if (!RFC3339.test(timestamp)) return '<invalid>';
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return '<invalid>';
  if (timestamp.startsWith('0001-01-01T00:00:00')) return '<unknown>';
  return humanDuration(now.getTime() - t);
}
