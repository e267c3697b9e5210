import type { TestProjectInlineConfiguration } from 'vitest/config';

/**
 * The Nacos suites a second time, against ONE real Nacos started for the whole run (see
 * packages/nacos-client/src/real-nacos/vitest/). The fast default run stays on the Nacos test
 * server. The project runs after every other one (groupOrder 1) and one file at a time, so the JVM
 * has the machine's cores to itself; the JVM boots in the background while the other projects run.
 * Absent when NACOS_TEST_URL is set (the default run is then already on a real Nacos);
 * REAL_NACOS=off skips it.
 */
export const REAL_NACOS_SUITES = [
  'packages/nacos-client/src/client.test.ts',
  'packages/storage/src/drivers/nacos/nacos-driver.conformance.test.ts',
  'packages/storage/src/drivers/nacos/nacos-store.conformance.test.ts',
  'packages/storage/src/drivers/nacos/nacos-replicas.test.ts',
  'packages/storage/src/drivers/nacos/nacos-large-objects.test.ts',
  'apps/apiserver/src/e2e/nacos-replicas.test.ts',
  'apps/apiserver/src/e2e/nacos-large-objects.test.ts',
  // Starts a three-node cluster of its own (three more JVMs, about two minutes); NACOS_CLUSTER_TEST=0
  // leaves it out of a local run.
  ...(process.env.NACOS_CLUSTER_TEST === '0'
    ? []
    : ['apps/apiserver/src/e2e/nacos-cluster.real-nacos.test.ts']),
];

const here = 'packages/nacos-client/src/real-nacos/vitest';

export function realNacosProjects(): TestProjectInlineConfiguration[] {
  if (process.env.NACOS_TEST_URL) return [];
  return [
    {
      resolve: { conditions: ['@hs/source'] },
      ssr: { resolve: { conditions: ['@hs/source'] } },
      test: {
        name: 'real-nacos',
        include: REAL_NACOS_SUITES,
        globalSetup: [`${here}/global-setup.ts`],
        setupFiles: [`${here}/setup-file.ts`],
        testTimeout: 120_000,
        hookTimeout: 120_000,
        pool: 'forks',
        maxWorkers: 1,
        sequence: { groupOrder: 1 },
      },
    },
  ];
}
