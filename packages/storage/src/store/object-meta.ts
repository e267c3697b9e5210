import { randomInt, randomUUID } from 'node:crypto';
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

/**
 * Server-owned metadata: on every update it is the stored object's, whatever the request sent
 * (k8s.io/apiserver pkg/registry/rest/update.go BeforeUpdate keeps uid, creationTimestamp,
 * deletionTimestamp, deletionGracePeriodSeconds and generation; the key fixes name and namespace).
 * `generation` is then recomputed by prepareUpdate; `resourceVersion` is the store's to set.
 */
export const SYSTEM_FIELDS = [
  'namespace',
  'uid',
  'creationTimestamp',
  'generation',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
] as const;

/** Copies the system fields (and the name) of `current` into `meta`; an absent one is deleted. */
export function inheritSystemFields(meta: KubeObject['metadata'], current: KubeObject['metadata']): void {
  const target = meta as Record<string, unknown>;
  if (current.name !== undefined) meta.name = current.name;
  for (const field of SYSTEM_FIELDS) {
    if (current[field] === undefined) delete target[field];
    else target[field] = current[field];
  }
}
