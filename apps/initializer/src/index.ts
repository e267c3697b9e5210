export { FilePlan, OutputError } from './file-plan.js';
export {
  GATEWAY_POD_LABELS,
  GATEWAY_SPIFFE_ID,
  IDENTITIES,
  ISTIO_CA_AUDIENCE,
  SYSTEM_NAMESPACE,
  serviceAccountUser,
} from './identities.js';
export { type InitResult, runInit } from './init.js';
export {
  type CredentialEntry,
  credentialInventory,
  type Inventory,
  type InventoryProblem,
  localVolumes,
  type VolumeReader,
} from './inventory.js';
export { renderKubeconfig } from './kubeconfig.js';
export { CONSUMERS, type Consumer, type VolumeLayout, volumeLayout } from './layout.js';
export { MESH_KEYS, MeshConfigError, renderMeshFiles } from './mesh-files.js';
export { DEFAULT_SANS, type InitOptions, type StorageKind } from './options.js';
export { InitError } from './pki-state.js';
export { type Renewed, type RenewOptions, type RenewResult, runRenew } from './renew.js';
export { runSeed, type SeedOptions, type SeedResult } from './seed.js';
export { DEFAULT_HIGRESS, DEFAULT_MESH, seedResources } from './seed-resources.js';
