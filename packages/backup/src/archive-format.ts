/**
 * The backup archive's layout (decision 0021): a gzip'd tar whose first entry is `manifest.yaml`,
 * then one YAML entry per object under `objects/<group|core>/<plural>/<namespace|_cluster>/<name>`.
 * Entries of kinds the registry marks `encryptAtRest` end in `.yaml.sealed` and hold
 * `nonce(12) ‖ AES-256-GCM ciphertext ‖ tag(16)` with the entry name as additional data.
 */
import type { KubeObject, ResourceDefinition } from '@hs/resources';
import { z } from 'zod';

export const ARCHIVE_FORMAT = 'higress-standalone-ts/backup';
export const FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.yaml';
export const SEALED_SUFFIX = '.yaml.sealed';

const kdfSchema = z.object({
  name: z.literal('scrypt'),
  salt: z.string().min(1),
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
});

export const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  formatVersion: z.number().int(),
  created: z.string(),
  source: z.string(),
  /** Objects per resource (`<plural>` or `<plural>.<group>`, as kubectl names them). */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  /** Objects of sensitive kinds left out by `--skip-secrets`, per resource. */
  skipped: z.record(z.string(), z.number().int().nonnegative()),
  encryption: z
    .object({
      algorithm: z.literal('AES-256-GCM'),
      kdf: kdfSchema,
      /** A known text sealed with the key: tells a wrong key from a damaged entry. */
      keyCheck: z.string().min(1),
    })
    .nullable(),
  entries: z.array(
    z.object({
      name: z.string().min(1),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      size: z.number().int().nonnegative(),
      sealed: z.boolean(),
    }),
  ),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type KdfParams = z.infer<typeof kdfSchema>;

/** How kubectl names a resource: `secrets`, `ingresses.networking.k8s.io`. */
export function resourceName(def: ResourceDefinition): string {
  return def.group === '' ? def.plural : `${def.plural}.${def.group}`;
}

/** The entry name of an object of `def` (names and namespaces are DNS names or path segments). */
export function entryName(def: ResourceDefinition, obj: KubeObject): string {
  const scope = def.scope === 'Namespaced' ? (obj.metadata.namespace ?? 'default') : '_cluster';
  const base = `objects/${def.group || 'core'}/${def.plural}/${scope}/${obj.metadata.name ?? ''}`;
  return def.encryptAtRest ? `${base}${SEALED_SUFFIX}` : `${base}.yaml`;
}

/** Kinds a backup holds: every stored kind that can be listed and created. */
export function backedUpKinds(entries: readonly ResourceDefinition[]): ResourceDefinition[] {
  return entries.filter((d) => !d.virtual && d.verbs.includes('list') && d.verbs.includes('create'));
}
