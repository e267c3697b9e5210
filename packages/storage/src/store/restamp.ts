import { randomUUID } from 'node:crypto';
import { isRecord } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';
import { parseDocument } from 'yaml';
import { withResourceVersion } from './codec.js';

/**
 * A `Restamp` for drivers that adopt values written outside the store (hand-edited files): rewrites
 * metadata.resourceVersion in the value's own format, and for YAML written by hand fills a missing
 * uid and creationTimestamp. Not generation: only some kinds carry one (the registry's
 * `tracksGeneration`), which a value alone does not tell; a tracked kind written by hand gets one
 * with its first spec change through the API. Values it cannot parse (e.g. encrypted ones) are
 * returned unchanged.
 */
export function restampResourceVersion(value: string, revision: number): string {
  if (value.trimStart().startsWith('{')) {
    try {
      const obj: unknown = JSON.parse(value);
      if (!isRecord(obj) || !isRecord(obj.metadata)) return value;
      return JSON.stringify(withResourceVersion(obj as KubeObject, revision));
    } catch {
      return value;
    }
  }
  // Edit the document in place so the hand-written layout and comments survive.
  const doc = parseDocument(value);
  if (
    doc.errors.length > 0 ||
    !isRecord(doc.toJS()) ||
    !isRecord((doc.toJS() as { metadata?: unknown }).metadata)
  ) {
    return value;
  }
  doc.setIn(['metadata', 'resourceVersion'], String(revision));
  // An object written by hand lacks what the server fills on create.
  if (!doc.hasIn(['metadata', 'uid'])) doc.setIn(['metadata', 'uid'], randomUUID());
  if (!doc.hasIn(['metadata', 'creationTimestamp'])) {
    doc.setIn(['metadata', 'creationTimestamp'], new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
  }
  return doc.toString();
}
