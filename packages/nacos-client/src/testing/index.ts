export { type CacheEntry, ConfigState, type Row } from './config-state.js';
export { PausableProxy } from './pausable-proxy.js';
export {
  NacosTestServer,
  type NacosTestServerOptions,
  type NacosVersionMode,
  startNacosTestServer,
} from './server.js';
export { type NacosTarget, nacosTarget, usingRealNacos } from './target.js';
