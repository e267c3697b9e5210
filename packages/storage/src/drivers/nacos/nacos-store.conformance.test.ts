import { runStoreConformance } from '../../testing/store-conformance.js';
import { driverOn, startTarget } from '../../testing/test-helpers/nacos-driver.js';

// The generic resource store on the Nacos driver (test server with 100 ms stale reads, or
// NACOS_TEST_URL): the same suite the memory and file stores pass.
runStoreConformance('nacos', async () => {
  const target = await startTarget();
  return { driver: driverOn(target, { historyLimit: 5000 }), cleanup: () => target.close() };
});
