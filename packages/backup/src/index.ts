export { ArchiveError, SecretsNeedKeyError } from './archive-error.js';
export {
  ARCHIVE_FORMAT,
  backedUpKinds,
  entryName,
  FORMAT_VERSION,
  MANIFEST_ENTRY,
  type Manifest,
  resourceName,
} from './archive-format.js';
export { ArchiveKey } from './archive-key.js';
export { type ReadArchive, type ReadArchiveOptions, readArchive } from './archive-reader.js';
export { type WriteArchiveOptions, type WrittenArchive, writeArchive } from './archive-writer.js';
export { type ApplyOptions, applyRestore, RestoreRejected } from './restore-apply.js';
export { type Change, type PlannedObject, planRestore, type RestorePlan } from './restore-plan.js';
export {
  type KindObjects,
  type ObjectEndpoint,
  objectCount,
  type Snapshot,
  takeSnapshot,
} from './snapshot.js';
export { storageEndpoint } from './storage-endpoint.js';
export { comparable, portableObject, sameJson } from './system-fields.js';
