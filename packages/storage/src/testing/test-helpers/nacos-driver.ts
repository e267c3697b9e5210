/**
 * Test helpers for the Nacos driver: a Nacos target (real when NACOS_TEST_URL is set, else the
 * Nacos test server) and drivers on it with test-friendly timings.
 */
import { NacosClient } from '@hs/nacos-client';
import {
  type NacosTarget,
  type NacosTestServerOptions,
  nacosTarget,
  usingRealNacos,
} from '@hs/nacos-client/testing';
import { NacosDriver } from '../../drivers/nacos/nacos-driver.js';
import type { NacosDriverOptions } from '../../drivers/nacos/options.js';
import { restampResourceVersion } from '../../store/restamp.js';

/**
 * The writer lease's ttl in tests. A real Nacos JVM on a loaded machine can take over a second for
 * the read + CAS of one renewal, which a 1 s lease does not survive; the test server answers at once.
 */
export const TEST_LEASE_TTL_MS = usingRealNacos() ? 6000 : 1000;

export function driverOn(target: NacosTarget, options: Partial<NacosDriverOptions> = {}): NacosDriver {
  return new NacosDriver({
    client: new NacosClient({
      serverUrl: target.url,
      username: target.username,
      password: target.password,
      pollIntervalMs: 50,
      retries: 1,
      retryBaseMs: 20,
      timeoutMs: 3000,
    }),
    namespaceId: target.tenant,
    leaseTtlMs: TEST_LEASE_TTL_MS,
    historyLimit: 20,
    forward: { host: '127.0.0.1' },
    // A driver used without a store: the store's restamp, as a store would hand it over at start.
    restamp: restampResourceVersion,
    ...options,
  });
}

export async function startTarget(options: NacosTestServerOptions = {}): Promise<NacosTarget> {
  return nacosTarget({ staleReadMs: 100, ...options });
}
