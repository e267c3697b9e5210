import { createServer } from 'node:net';

/**
 * A port free on 127.0.0.1 right now. The embedded stack must know the API server's port before
 * it starts (the kubeconfig the initializer writes names it), so port 0 is resolved up front.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
