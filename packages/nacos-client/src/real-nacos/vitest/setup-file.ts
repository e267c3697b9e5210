/**
 * Setup file of every test file in the `real-nacos` project: waits for the run's real Nacos and
 * points the suite at it through NACOS_TEST_URL (each suite then works in its own fresh namespace,
 * see testing/target.ts). When there is none, every test of the file skips with the reason.
 */
import { beforeEach, inject } from 'vitest';
import { type RealNacosStatus, readStatus } from './status.js';

async function waitForNacos(file: string): Promise<RealNacosStatus> {
  for (;;) {
    const status = await readStatus(file);
    if (status.state !== 'starting') return status;
    await new Promise((r) => setTimeout(r, 500));
  }
}

const status = await waitForNacos(inject('realNacosStatusFile'));
if (status.state === 'ready') {
  process.env.NACOS_TEST_URL = status.url;
  process.env.NACOS_TEST_USERNAME = status.username;
  process.env.NACOS_TEST_PASSWORD = status.password;
} else if (status.state === 'unavailable') {
  const reason = `no real Nacos for this run: ${status.reason.split('\n')[0]}`;
  console.log(`[real-nacos] skipping: ${reason}`);
  beforeEach((ctx) => ctx.skip(reason));
}
