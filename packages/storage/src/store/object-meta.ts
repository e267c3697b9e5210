import { randomInt, randomUUID } from 'node:crypto';
import { deepEqual } from '@hs/apimachinery';
import type { KubeObject } from '@hs/resources';

// follows k8s.io/apimachinery/pkg/util/rand/rand.go (alphanums: no vowels, no confusable digits)
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const RANDOM_LENGTH = 5;
// follows k8s.io/apiserver/pkg/storage/names/generate.go (maxGeneratedNameLength = 63 - 5)
const MAX_BASE_LENGTH = 63 - RANDOM_LENGTH;

/** `generateName` plus a random 5-character suffix, the base truncated as upstream does. */
export function generateName(base: string): string {
  let suffix = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return base.slice(0, MAX_BASE_LENGTH) + suffix;
}

/** RFC 3339 in UTC without fractional seconds, as metav1.Time marshals. */
export function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function newUid(): string {
  return randomUUID();
}

/** Everything that is neither type meta, object meta nor status: a change here bumps `generation`. */
function specFields(obj: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

export function specChanged(next: KubeObject, current: KubeObject): boolean {
  return !deepEqual(specFields(next), specFields(current));
}

/** Equal apart from resourceVersion: such an update is a no-op and is never written. */
export function sameObject(next: KubeObject, current: KubeObject): boolean {
  const { resourceVersion: _n, ...nextMeta } = next.metadata;
  const { resourceVersion: _c, ...currentMeta } = current.metadata;
  return deepEqual({ ...next, metadata: nextMeta }, { ...current, metadata: currentMeta });
}
