export { resolveClasspath } from './classpath.js';
export {
  type RealNacosCluster,
  type RealNacosClusterOptions,
  type RealNacosMember,
  startRealNacosCluster,
} from './cluster.js';
export {
  DEFAULT_DISTRIBUTION,
  DISTRIBUTIONS,
  findDistribution,
  type NacosDistribution,
} from './distributions.js';
export { findJava } from './java.js';
export { type RealNacos, type RealNacosOptions, startRealNacos } from './launch.js';
export { type NacosPorts, pickPorts } from './ports.js';
