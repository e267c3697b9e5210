import { createMemoryDriver } from '../drivers/memory-driver.js';
import { runStoreConformance } from '../testing/store-conformance.js';

runStoreConformance('memory', async () => ({ driver: createMemoryDriver(), cleanup: async () => {} }));
