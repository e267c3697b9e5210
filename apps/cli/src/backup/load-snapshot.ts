/**
 * Loads a snapshot into a target and reports it: the plan (one line per object with `--dry-run`,
 * else only the summary), then the writes behind a progress bar. Shared by restore and migrate.
 */
import {
  applyRestore,
  type Change,
  type ObjectEndpoint,
  planRestore,
  resourceName,
  type Snapshot,
} from '@hs/backup';
import { groupVersion } from '@hs/resources';
import { progressBar } from './progress-bar.js';

export interface LoadOptions {
  dryRun: boolean;
  out: (line: string) => void;
  stderr: NodeJS.WritableStream;
}

export async function loadSnapshot(
  snapshot: Snapshot,
  target: ObjectEndpoint,
  o: LoadOptions,
): Promise<Record<Change, number>> {
  const plan = await planRestore(snapshot, target);
  const { create, update, unchanged } = plan.counts;
  if (o.dryRun) {
    for (const item of plan.items) {
      const m = item.object.metadata;
      const what = `${resourceName(item.def)} ${m.namespace ? `${m.namespace}/` : ''}${m.name ?? ''}`;
      o.out(`${item.change.padEnd(9)} ${what} (${groupVersion(item.def.group, item.def.storageVersion)})`);
    }
    o.out(
      `dry run against ${target.description}: ${create} to create, ${update} to update, ${unchanged} unchanged; nothing written`,
    );
    return plan.counts;
  }
  const bar = progressBar(o.stderr, 'restoring');
  try {
    await applyRestore(plan, target, { onProgress: (done, total) => bar.update(done, total) });
  } finally {
    bar.stop();
  }
  o.out(`restored into ${target.description}: ${create} created, ${update} updated, ${unchanged} unchanged`);
  return plan.counts;
}
