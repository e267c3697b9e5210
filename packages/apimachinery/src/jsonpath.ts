/**
 * The small JSONPath subset printer columns use (`additionalPrinterColumns` in a CRD, see
 * k8s.io/client-go/util/jsonpath for the full language): `.a.b`, `.a[*].b`, `.a[0].b`, `.a[-1]`,
 * `.a['x.y/z']`, `.a.x\.y` and an optional `{…}` wrapper. Evaluation returns every match in order.
 */

export type PathStep = { kind: 'field'; name: string } | { kind: 'index'; index: number } | { kind: 'all' };

const cache = new Map<string, PathStep[]>();

export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
}

/** Parses a path; throws {@link JsonPathError} on syntax it does not understand. */
export function parseJsonPath(path: string): PathStep[] {
  const cached = cache.get(path);
  if (cached) return cached;
  let s = path.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1).trim();
  if (s.startsWith('$')) s = s.slice(1);
  const steps: PathStep[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      i++;
      let name = '';
      while (i < s.length && s[i] !== '.' && s[i] !== '[') {
        if (s[i] === '\\' && i + 1 < s.length) {
          name += s[i + 1];
          i += 2;
        } else {
          name += s[i];
          i++;
        }
      }
      if (name === '') {
        if (i >= s.length && steps.length === 0) break; // `.` alone = the root
        throw new JsonPathError(`invalid JSONPath ${path}: empty field name`);
      }
      steps.push({ kind: 'field', name });
    } else if (c === '[') {
      const end = s.indexOf(']', i);
      if (end < 0) throw new JsonPathError(`invalid JSONPath ${path}: unclosed [`);
      const inner = s.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else throw new JsonPathError(`invalid JSONPath ${path}: unsupported [${inner}]`);
    } else {
      throw new JsonPathError(`invalid JSONPath ${path}: unexpected '${c}'`);
    }
  }
  cache.set(path, steps);
  return steps;
}

/** All values the path reaches in `root` (missing branches contribute nothing). */
export function evaluateJsonPath(root: unknown, path: string | PathStep[]): unknown[] {
  const steps = typeof path === 'string' ? parseJsonPath(path) : path;
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if (step.kind === 'field') {
        if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, step.name)) {
          next.push((v as Record<string, unknown>)[step.name]);
        }
      } else if (Array.isArray(v)) {
        if (step.kind === 'all') next.push(...v);
        else {
          const idx = step.index < 0 ? v.length + step.index : step.index;
          if (idx >= 0 && idx < v.length) next.push(v[idx]);
        }
      } else if (step.kind === 'all' && v !== null && typeof v === 'object') {
        next.push(...Object.values(v));
      }
    }
    current = next;
  }
  return current;
}
