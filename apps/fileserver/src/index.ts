export { contentTypeFor } from './content-type.js';
export { type FileServerOptions, type RunningFileServer, startFileServer } from './server.js';
