import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileDriver } from '../drivers/file/file-driver.js';
import { runStoreConformance } from '../testing/store-conformance.js';
import { restampResourceVersion } from './restamp.js';

runStoreConformance('file', async () => {
  const rootDir = await mkdtemp(path.join(tmpdir(), 'hs-file-store-'));
  return {
    driver: createFileDriver({ rootDir, restamp: restampResourceVersion }),
    cleanup: () => rm(rootDir, { recursive: true, force: true }),
  };
});
