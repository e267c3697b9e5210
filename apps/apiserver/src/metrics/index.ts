export { type ApiserverMetrics, createApiserverMetrics, type MetricsOptions } from './apiserver-metrics.js';
export { instrumentDriver } from './driver-metrics.js';
export { registerMetricsRoute } from './metrics-route.js';
export { instrumentedNacosFetch } from './nacos-metrics.js';
export { installRequestMetrics } from './request-metrics.js';
export { type WatchObserver, type WatchTally, watchObserver } from './watch-metrics.js';
