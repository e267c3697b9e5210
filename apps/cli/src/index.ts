export { composeGenerate } from './commands/compose-generate.js';
export { type DockerUpOptions, dockerUp } from './commands/docker-up.js';
export { containerName, containerSpec, durationNs } from './docker/container-spec.js';
export { connectDocker, dockerReachable, type Reachability } from './docker/engine.js';
export { activeServices, downStack, stackStatus, stopStack, upStack } from './docker/stack.js';
export { type EmbeddedOptions, type EmbeddedStack, startEmbeddedStack } from './embedded/embedded-stack.js';
export { buildProgram } from './program.js';
export { findWorkspaceRoot } from './workspace-root.js';
