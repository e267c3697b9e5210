/** Structural differences between two normalised values, as JSON-pointer-like paths. */
export interface Difference {
  path: string;
  ours: unknown;
  kube: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function differences(ours: unknown, kube: unknown, path = ''): Difference[] {
  if (Array.isArray(ours) && Array.isArray(kube)) {
    const out: Difference[] = [];
    for (let i = 0; i < Math.max(ours.length, kube.length); i++) {
      if (i >= ours.length || i >= kube.length)
        out.push({ path: `${path}/${i}`, ours: ours[i], kube: kube[i] });
      else out.push(...differences(ours[i], kube[i], `${path}/${i}`));
    }
    return out;
  }
  if (isObject(ours) && isObject(kube)) {
    const out: Difference[] = [];
    for (const k of new Set([...Object.keys(ours), ...Object.keys(kube)]))
      out.push(...differences(ours[k], kube[k], `${path}/${k}`));
    return out;
  }
  return Object.is(ours, kube) ? [] : [{ path: path || '/', ours, kube }];
}

export function short(value: unknown, max = 80): string {
  const text = value === undefined ? '(absent)' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
