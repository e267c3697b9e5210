export { type ComposeFrontend, installedComposeFrontends } from './compose-frontends.js';
