/**
 * Re-encrypts everything stored encrypted at rest under the current (first) key, as upstream's
 * documented rotation step "read and write back every Secret" (kubectl get secrets -A -o json |
 * kubectl replace -f -), done inside the storage: every object of every registry kind that sets
 * `encryptAtRest` is read and written back unchanged. The store rewrites a value only when its
 * transformer reported it stale (an older key, the Go original's `enc|` form or plaintext), so a
 * second run rewrites nothing; a rewrite is an ordinary update (new resourceVersion, a MODIFIED
 * watch event), and a concurrent change simply wins the compare-and-set and is itself written
 * under the current key.
 */
import type { Registry } from '@hs/resources';
import { isStorageError, type Storage } from '@hs/storage';

export interface ReencryptReport {
  /** Per kind (`Secret`): objects read and objects rewritten under the current key. */
  kinds: { kind: string; group: string; examined: number; rewritten: number }[];
  examined: number;
  rewritten: number;
}

export async function reencryptAll(storage: Storage, registry: Registry): Promise<ReencryptReport> {
  const report: ReencryptReport = { kinds: [], examined: 0, rewritten: 0 };
  const seen = new Set<string>();
  for (const def of registry.entries) {
    // one pass per stored kind, whatever number of versions the registry serves it in
    const id = `${def.group}/${def.kind}`;
    if (!def.encryptAtRest || def.virtual || seen.has(id)) continue;
    seen.add(id);
    const store = storage.for(def);
    const { items } = await store.list({});
    let rewritten = 0;
    for (const item of items) {
      const { namespace, name = '', resourceVersion } = item.metadata;
      try {
        const { object } = await store.update(namespace, name, (current) => {
          if (!current) throw new Error('gone');
          return current;
        });
        if (object.metadata.resourceVersion !== resourceVersion) rewritten++;
      } catch (err) {
        // deleted meanwhile: nothing left to re-encrypt
        if (isStorageError(err, 'KeyNotFound') || (err instanceof Error && err.message === 'gone')) continue;
        throw err;
      }
    }
    report.kinds.push({ kind: def.kind, group: def.group, examined: items.length, rewritten });
    report.examined += items.length;
    report.rewritten += rewritten;
  }
  return report;
}
