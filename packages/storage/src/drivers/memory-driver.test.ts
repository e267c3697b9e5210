import { runDriverConformance } from '../testing/driver-conformance.js';
import { createMemoryDriver } from './memory-driver.js';

runDriverConformance(
  'memory',
  async () => ({ driver: createMemoryDriver({ historyLimit: 20 }), cleanup: async () => {} }),
  { compactAfter: 20 },
);
