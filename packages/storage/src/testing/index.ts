export { gadgetDefinition, vaultDefinition, widget, widgetDefinition } from './definitions.js';
export { type DriverConformanceOptions, runDriverConformance } from './driver-conformance.js';
export {
  collect,
  type DriverFixture,
  drain,
  eventually,
  type MakeDriver,
  objectValue,
  summary,
  take,
} from './helpers.js';
export { runStoreConformance } from './store-conformance.js';
