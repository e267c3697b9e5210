import { registry } from '@hs/resources';
import { describe, expect, it } from 'vitest';
import { backedUpKinds } from './archive-format.js';
import { ArchiveKey } from './archive-key.js';
import { readArchive } from './archive-reader.js';
import { writeArchive } from './archive-writer.js';
import { applyRestore } from './restore-apply.js';
import { planRestore } from './restore-plan.js';
import { takeSnapshot } from './snapshot.js';
import { comparable } from './system-fields.js';
import { contents, fillEveryKind } from './test-helpers/fill.js';
import { STORAGE_KINDS, testStorage } from './test-helpers/storages.js';

const PASSPHRASE = 'correct horse battery staple';
const pairs = STORAGE_KINDS.flatMap((from) => STORAGE_KINDS.map((to) => [from, to] as const));

describe('backup and restore across storages', () => {
  it.each(pairs)(
    '%s → archive → %s keeps every object of every kind; a second restore changes nothing',
    async (from, to) => {
      const [source, target] = [await testStorage(from), await testStorage(to)];
      try {
        const src = await source.open();
        const written = await fillEveryKind(src);
        const original = await contents(src);
        const snapshot = await takeSnapshot(src, backedUpKinds(registry.entries));
        await src.close();
        expect(original.size).toBe(written);
        expect(snapshot.filter((k) => k.objects.length > 0).map((k) => k.def)).toEqual(
          backedUpKinds(registry.entries),
        );

        const { bytes } = await writeArchive(snapshot, {
          source: from,
          key: await ArchiveKey.create(PASSPHRASE),
        });
        const archive = await readArchive(bytes, { registry, passphrase: PASSPHRASE });

        const dst = await target.open();
        const plan = await planRestore(archive.snapshot, dst);
        expect(plan.counts).toEqual({ create: written, update: 0, unchanged: 0 });
        await applyRestore(plan, dst);
        const restored = await contents(dst);
        await dst.close();

        expect([...restored.keys()].sort()).toEqual([...original.keys()].sort());
        for (const [key, obj] of original) {
          const back = structuredClone(restored.get(key)!);
          const owner = obj.metadata.ownerReferences?.[0];
          if (owner) {
            // Re-pointed to the owner's uid in the target.
            const newOwner = [...restored.values()].find(
              (o) => o.metadata.name === owner.name && o.kind === owner.kind,
            )!;
            expect(back.metadata.ownerReferences?.[0]?.uid).toBe(newOwner.metadata.uid);
            back.metadata.ownerReferences = obj.metadata.ownerReferences;
          }
          expect(comparable(back), key).toEqual(comparable(obj));
        }

        // Reopened, as a second run of the command would.
        const again = await target.open();
        const second = await planRestore(archive.snapshot, again);
        expect(second.counts).toEqual({ create: 0, update: 0, unchanged: written });
        await again.close();
      } finally {
        await Promise.all([source.dispose(), target.dispose()]);
      }
    },
  );
});
