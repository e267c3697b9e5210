/**
 * Vitest global setup of the `real-nacos` project: starts one real Nacos (startRealNacos) when a JDK
 * and Maven are present and the jars resolve, without blocking the run (the JVM takes a minute or
 * more to boot on a loaded 2-core machine). The outcome lands in the status file; when Nacos cannot
 * start, the reason is printed once and the real-Nacos tests skip with it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type RealNacos, startRealNacos } from '../launch.js';
import { writeStatus } from './status.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'real-nacos-run-'));
  const file = join(dir, 'status.json');
  project.provide('realNacosStatusFile', file);
  const say = (line: string) => console.log(`[real-nacos] ${line}`);
  let nacos: RealNacos | undefined;
  const started = Date.now();
  const off = process.env.REAL_NACOS === 'off' ? 'REAL_NACOS=off is set' : undefined;
  await writeStatus(file, off ? { state: 'unavailable', reason: off } : { state: 'starting' });
  const starting = off
    ? Promise.resolve()
    : startRealNacos({ log: (line) => say(line) })
        .then(async (n) => {
          nacos = n;
          const startMs = Date.now() - started;
          say(`Nacos ${n.version} ready at ${n.url} after ${(startMs / 1000).toFixed(1)} s`);
          await writeStatus(file, {
            state: 'ready',
            url: n.url,
            username: n.username,
            password: n.password,
            version: n.version,
            startMs,
          });
        })
        .catch(async (err: unknown) => {
          const reason = err instanceof Error ? err.message : String(err);
          say(`the real-Nacos suites skip: ${reason}`);
          await writeStatus(file, { state: 'unavailable', reason });
        });
  if (off) say(`the real-Nacos suites skip: ${off}`);
  return async () => {
    await starting;
    await nacos?.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
