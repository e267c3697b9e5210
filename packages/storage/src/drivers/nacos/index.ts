import { NacosDriver } from './nacos-driver.js';
import type { NacosDriverOptions } from './options.js';

export { NacosDriver } from './nacos-driver.js';
export type { NacosDriverOptions } from './options.js';

/** The Nacos storage driver; call `start()` before use. */
export function createNacosDriver(options: NacosDriverOptions): NacosDriver {
  return new NacosDriver(options);
}
