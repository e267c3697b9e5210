import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { StorageDriver } from '../src/driver.js';
import { DiskLane } from '../src/drivers/file/disk-lane.js';
import { createFileDriver } from '../src/drivers/file/file-driver.js';
import { createMemoryDriver } from '../src/drivers/memory-driver.js';
import { createStorage } from '../src/store/create-storage.js';
import { restampResourceVersion } from '../src/store/restamp.js';
import { widget, widgetDefinition } from '../src/testing/definitions.js';

export interface CreatesResult {
  driver: string;
  clients: number;
  creates: number;
  seconds: number;
  createsPerSecond: number;
}

/** `clients` concurrent callers each creating objects through the resource store until `total` are done. */
async function measureCreates(name: string, driver: StorageDriver, clients: number, total: number) {
  const storage = await createStorage({ driver });
  const widgets = storage.for(widgetDefinition);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (next < total) {
        const i = next++;
        await widgets.create(widget(`w-${i}`, { namespace: `ns-${c % 8}`, labels: { app: 'bench' } }));
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await storage.close();
  return { driver: name, clients, creates: total, seconds, createsPerSecond: Math.round(total / seconds) };
}

export async function benchMemoryCreates(clients = 32, total = 20_000): Promise<CreatesResult> {
  return measureCreates('memory', createMemoryDriver(), clients, total);
}

export async function benchFileCreates(clients = 32, total = 4_000): Promise<CreatesResult> {
  const rootDir = await mkdtemp(path.join(tmpdir(), 'hs-bench-file-'));
  try {
    return await measureCreates(
      'file',
      createFileDriver({ rootDir, restamp: restampResourceVersion }),
      clients,
      total,
    );
  } finally {
    await rm(rootDir, { recursive: true, force: true });
  }
}

/** The file driver alone (no store: no validation, encoding or cache), 32 concurrent creates. */
export async function benchFileDriverCreates(clients = 32, total = 4_000): Promise<CreatesResult> {
  const rootDir = await mkdtemp(path.join(tmpdir(), 'hs-bench-driver-'));
  const driver = createFileDriver({ rootDir });
  try {
    await driver.start();
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        while (next < total) {
          const key = `widgets/ns-${c % 8}/w-${next++}`;
          await driver.create(
            key,
            (rev) => `metadata:\n  name: x\n  resourceVersion: "${rev}"\nspec:\n  replicas: 1\n`,
          );
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    return {
      driver: 'file-driver-only',
      clients,
      creates: total,
      seconds,
      createsPerSecond: Math.round(total / seconds),
    };
  } finally {
    await driver.close();
    await rm(rootDir, { recursive: true, force: true });
  }
}

/**
 * The reference for durable file creates on this disk: one file after another, each made durable
 * on its own (temp file + fsync + rename + directory fsync, by the file driver's disk thread), with
 * no journal record, no encoding and no store.
 */
export async function benchRawDurableWrites(total = 2_000): Promise<CreatesResult> {
  const rootDir = await mkdtemp(path.join(tmpdir(), 'hs-bench-raw-'));
  const disk = new DiskLane(path.join(rootDir, '.state'));
  try {
    await mkdir(path.join(rootDir, '.state'));
    await disk.start();
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      await disk.commit([{ file: path.join(rootDir, `f-${i}.yaml`), value: `name: f-${i}\nvalue: ${i}\n` }]);
    }
    const seconds = (performance.now() - start) / 1000;
    return {
      driver: 'raw-fsync',
      clients: 1,
      creates: total,
      seconds,
      createsPerSecond: Math.round(total / seconds),
    };
  } finally {
    await disk.close();
    await rm(rootDir, { recursive: true, force: true });
  }
}
