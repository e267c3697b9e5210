/**
 * A loopback listener that can simulate an outage: `pause()` stops listening and drops every open
 * connection, `resume()` listens again on the same port. Shared by the Nacos test server and the
 * pausable proxy, which differ only in what they serve.
 */
import type { AddressInfo, Server, Socket } from 'node:net';

export class PausableListener {
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly server: Server) {
    server.on('connection', (s: Socket) => this.track(s));
  }

  /** Counts a socket as open until it closes (the proxy also tracks its upstream sockets). */
  track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  get listening(): boolean {
    return this.server.listening;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async pause(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}
