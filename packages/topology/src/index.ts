export type {
  ComposeHealthcheck,
  ComposeModel,
  ComposeService,
  DependencyCondition,
  Topology,
} from './compose-model.js';
export {
  DEFAULT_IMAGES,
  OWN_IMAGE_DOCKERFILE,
  OWN_IMAGE_TAG,
  OWN_IMAGES,
  type OwnImage,
  ownImageBuildArgs,
} from './defaults.js';
export { generateTopology, startWaves } from './generate.js';
export {
  GENERATED_HEADER,
  renderComposeYaml,
  renderEnvFile,
  renderEnvLine,
  renderTopologyFiles,
} from './serialize.js';
export {
  consolePort,
  nacosConsolePort,
  parseStackConfig,
  type StackConfig,
  StackConfigError,
  type StackConfigInput,
  stackConfigSchema,
} from './stack-config.js';
export { INITIALIZER_ROOT, type VolumeSpec, volumeSpecs } from './volumes.js';
export { writeTopologyFiles } from './write-files.js';
