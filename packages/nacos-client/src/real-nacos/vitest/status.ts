/**
 * The real-Nacos test run's state, shared between vitest's global setup (which starts ONE Nacos for
 * the whole run, in the background so the JVM boots while the fast suites run) and the setup file
 * of each real-Nacos test file (which waits for it): a small JSON file whose path is `provide`d.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';

export type RealNacosStatus =
  | { state: 'starting' }
  | { state: 'ready'; url: string; username: string; password: string; version: string; startMs: number }
  | { state: 'unavailable'; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    realNacosStatusFile: string;
  }
}

export async function writeStatus(file: string, status: RealNacosStatus): Promise<void> {
  // Written whole and renamed into place: a reader never sees half a file.
  await writeFile(`${file}.tmp`, JSON.stringify(status));
  await rename(`${file}.tmp`, file);
}

export async function readStatus(file: string): Promise<RealNacosStatus> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RealNacosStatus;
  } catch {
    return { state: 'starting' };
  }
}
