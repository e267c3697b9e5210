/** ConfigMap helpers of the scenarios that exercise one API feature on a plain core kind. */
import type { HttpOp } from '../scenario.js';

export const cmCollection = (ns: string) => `/api/v1/namespaces/${ns}/configmaps`;
export const cmItem = (ns: string, name: string) => `${cmCollection(ns)}/${name}`;

export function configMap(
  ns: string,
  name: string,
  data: Record<string, string> = { k: 'v' },
  labels: Record<string, string> = {},
) {
  const metadata = { name, namespace: ns, ...(Object.keys(labels).length ? { labels } : {}) };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}

export function createCm(
  ns: string,
  name: string,
  data?: Record<string, string>,
  labels?: Record<string, string>,
  id = `create-${name}`,
): HttpOp {
  return { id, method: 'POST', path: cmCollection(ns), body: configMap(ns, name, data, labels) };
}

export const MERGE = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC = 'application/strategic-merge-patch+json';
export const APPLY = 'application/apply-patch+yaml';

export function mergePatch(ns: string, name: string, body: unknown, id: string, query = ''): HttpOp {
  return { id, method: 'PATCH', path: `${cmItem(ns, name)}${query}`, contentType: MERGE, body };
}

/** The resourceVersion of an earlier answer's object (or list). */
export const rvOf = (body: Record<string, unknown>): string =>
  String((body.metadata as { resourceVersion?: string } | undefined)?.resourceVersion ?? '');
