import type { NacosVersionMode } from '@hs/nacos-client/testing';
import { runDriverConformance } from '../../testing/index.js';
import { driverOn, startTarget } from '../../testing/test-helpers/nacos-driver.js';

// The shared driver suite on the Nacos driver, against the Nacos test server with 100 ms stale
// reads in every version mode the driver supports (or against NACOS_TEST_URL when set).
const modes: NacosVersionMode[] = process.env.NACOS_TEST_URL ? ['2.5'] : ['2.5', '3.1', '3.2'];
for (const mode of modes) {
  runDriverConformance(
    `nacos ${process.env.NACOS_TEST_URL ? '(real server)' : mode}`,
    async () => {
      const target = await startTarget({ mode });
      return {
        driver: driverOn(target),
        reopen: async () => driverOn(target),
        cleanup: () => target.close(),
      };
    },
    { compactAfter: 20 },
  );
}
