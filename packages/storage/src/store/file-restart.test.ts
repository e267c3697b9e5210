import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isStorageError } from '@hs/apimachinery';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createFileDriver } from '../drivers/file/file-driver.js';
import type { Storage } from '../store-types.js';
import { widget, widgetDefinition } from '../testing/definitions.js';
import { eventually, take } from '../testing/helpers.js';
import { createStorage } from './create-storage.js';
import { restampResourceVersion } from './restamp.js';

describe('resource store over the file driver', () => {
  let root: string;
  let storage: Storage | undefined;
  const open = async () => {
    storage = await createStorage({
      driver: createFileDriver({ rootDir: root, restamp: restampResourceVersion, debounceMs: 10 }),
    });
    return storage;
  };
  afterEach(async () => {
    await storage?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('keeps objects and resourceVersions across a restart and answers 410 for watches from before it', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hs-file-restart-'));
    const first = await open();
    const a = await first.for(widgetDefinition).create(widget('a'));
    await first.for(widgetDefinition).create(widget('a2'));
    const listed = await first.for(widgetDefinition).list({});
    await first.close();
    const second = await open();
    const widgets = second.for(widgetDefinition);
    expect(await widgets.get('default', 'a')).toEqual(a);
    expect(Number(second.currentResourceVersion())).toBeGreaterThanOrEqual(Number(listed.resourceVersion));
    const signal = AbortSignal.timeout(20_000);
    const err = await widgets.watch({ resourceVersion: a.metadata.resourceVersion, signal }).catch((e) => e);
    expect(isStorageError(err, 'Compacted')).toBe(true);
    const b = await widgets.create(widget('b'));
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
  });

  it('serves a hand-edited file as a MODIFIED event whose file then embeds the new resourceVersion', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hs-file-restart-'));
    const widgets = (await open()).for(widgetDefinition);
    const a = await widgets.create(widget('a', { replicas: 1 }));
    const file = path.join(root, 'widgets/default/a.yaml');
    const watcher = await widgets.watch({
      resourceVersion: a.metadata.resourceVersion,
      signal: AbortSignal.timeout(20_000),
    });
    const text = await readFile(file, 'utf8');
    await writeFile(file, `# scaled by hand\n${text.replace('replicas: 1', 'replicas: 5')}`);
    const [event] = await take(watcher[Symbol.asyncIterator](), 1);
    expect(event?.type).toBe('MODIFIED');
    expect(event?.object.spec).toEqual({ replicas: 5 });
    const rv = event!.object.metadata.resourceVersion!;
    expect(Number(rv)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    await eventually(() => storage?.currentResourceVersion() === rv, 'no further events');
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).toContain('# scaled by hand');
    expect(parse(onDisk).metadata.resourceVersion).toBe(rv);
    expect((await widgets.get('default', 'a')).metadata.resourceVersion).toBe(rv);
  });
});
