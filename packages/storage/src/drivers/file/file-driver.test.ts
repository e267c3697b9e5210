import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDriverConformance } from '../../testing/driver-conformance.js';
import { createFileDriver } from './file-driver.js';

async function makeFileDriver() {
  const rootDir = await mkdtemp(path.join(tmpdir(), 'hs-file-driver-'));
  return {
    driver: createFileDriver({ rootDir, historyLimit: 20 }),
    reopen: async () => createFileDriver({ rootDir, historyLimit: 20 }),
    cleanup: () => rm(rootDir, { recursive: true, force: true }),
  };
}

runDriverConformance('file', makeFileDriver, { compactAfter: 20 });
