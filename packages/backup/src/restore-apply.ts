/**
 * Carries out a restore plan: first every write as a dry run (the target validates each object,
 * nothing is stored), then the writes themselves, so an object the target rejects stops the
 * restore before anything is written.
 */
import type { KubeObject } from '@hs/resources';
import type { PlannedObject, RestorePlan } from './restore-plan.js';
import type { ObjectEndpoint } from './snapshot.js';
import { withOwnerUids } from './system-fields.js';

export interface ApplyOptions {
  /** Called after each write (dry-run pass excluded) with the writes done and to do. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export class RestoreRejected extends Error {
  override readonly name = 'RestoreRejected';
  constructor(
    readonly item: PlannedObject,
    override readonly cause: unknown,
  ) {
    const m = item.object.metadata;
    super(
      `the target rejects ${item.def.kind} ${m.namespace ? `${m.namespace}/` : ''}${m.name ?? ''}: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

export async function applyRestore(
  plan: RestorePlan,
  target: ObjectEndpoint,
  options: ApplyOptions = {},
): Promise<void> {
  const writes = plan.items.filter((item) => item.change !== 'unchanged');
  for (const item of writes) await write(item, target, plan.uids, true);
  let done = 0;
  for (const item of writes) {
    const written = await write(item, target, plan.uids, false);
    const [from, to] = [item.object.metadata.uid, written?.metadata.uid];
    if (from && to) plan.uids.set(from, to);
    options.onProgress?.(++done, writes.length);
  }
}

async function write(
  item: PlannedObject,
  target: ObjectEndpoint,
  uids: Map<string, string>,
  dryRun: boolean,
): Promise<KubeObject | undefined> {
  const object = structuredClone(withOwnerUids(item.object, uids)) as KubeObject;
  const meta = object.metadata;
  try {
    if (item.change === 'create') {
      delete meta.uid;
      delete meta.resourceVersion;
      delete meta.creationTimestamp;
      return await target.create(item.def, object, dryRun);
    }
    const current = item.current!.metadata;
    meta.uid = current.uid!;
    meta.creationTimestamp = current.creationTimestamp!;
    meta.resourceVersion = current.resourceVersion!;
    if (current.generation !== undefined) meta.generation = current.generation;
    return await target.replace(item.def, object, dryRun);
  } catch (error) {
    throw new RestoreRejected(item, error);
  }
}
