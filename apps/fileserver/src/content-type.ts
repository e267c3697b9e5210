import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.jwks': 'application/jwk-set+json',
  '.pem': 'application/x-pem-file',
  '.crt': 'application/x-x509-ca-cert',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.tar': 'application/x-tar',
  '.gz': 'application/gzip',
};

/** Content type by file extension; unknown files are served as opaque bytes. */
export function contentTypeFor(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}
