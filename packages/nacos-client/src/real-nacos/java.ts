/**
 * Finds a Java runtime of at least a given feature release: `REAL_NACOS_JAVA` (a java binary), then
 * `$JAVA_HOME/bin/java`, then `java` on the PATH.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface JavaRuntime {
  path: string;
  version: number;
}

async function featureVersion(path: string): Promise<number | undefined> {
  try {
    const { stderr, stdout } = await run(path, ['-version']);
    const m = /version "(\d+)(?:\.(\d+))?/.exec(`${stderr}${stdout}`);
    if (!m) return undefined;
    const major = Number(m[1]);
    return major === 1 ? Number(m[2]) : major;
  } catch {
    return undefined;
  }
}

export async function findJava(minVersion: number): Promise<JavaRuntime> {
  const candidates = [
    process.env.REAL_NACOS_JAVA,
    process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : undefined,
    'java',
  ].filter((c): c is string => !!c);
  const seen: string[] = [];
  for (const path of candidates) {
    const version = await featureVersion(path);
    if (version !== undefined && version >= minVersion) return { path, version };
    seen.push(`${path}: ${version ?? 'not runnable'}`);
  }
  throw new Error(
    `Nacos needs Java ${minVersion} or newer (set REAL_NACOS_JAVA or JAVA_HOME); found ${seen.join(', ')}`,
  );
}
