/** The objects of one installation, grouped by kind in registry order: what archives hold. */
import type { KubeObject, ResourceDefinition } from '@hs/resources';

export interface KindObjects {
  def: ResourceDefinition;
  objects: KubeObject[];
}

export type Snapshot = KindObjects[];

/** Where objects are read from and written to: a storage or a running API server. */
export interface ObjectEndpoint {
  /** Shown in messages and the manifest's `source` (no credentials). */
  readonly description: string;
  list(def: ResourceDefinition): Promise<KubeObject[]>;
  /** Creates `obj` (no resourceVersion); `dryRun` validates without writing. */
  create(def: ResourceDefinition, obj: KubeObject, dryRun: boolean): Promise<KubeObject | undefined>;
  /** Replaces the stored object with `obj`, which carries the stored resourceVersion. */
  replace(def: ResourceDefinition, obj: KubeObject, dryRun: boolean): Promise<KubeObject | undefined>;
  close(): Promise<void>;
}

/** Reads every object of the given kinds, in their order. */
export async function takeSnapshot(
  endpoint: ObjectEndpoint,
  kinds: readonly ResourceDefinition[],
): Promise<Snapshot> {
  const snapshot: Snapshot = [];
  for (const def of kinds) snapshot.push({ def, objects: await endpoint.list(def) });
  return snapshot;
}

export function objectCount(snapshot: Snapshot): number {
  return snapshot.reduce((n, k) => n + k.objects.length, 0);
}
