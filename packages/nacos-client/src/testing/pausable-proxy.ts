/**
 * A loopback TCP proxy that can simulate an outage of whatever is behind it (the Nacos test server
 * or a real Nacos): `pause()` drops every connection and stops listening, `resume()` listens again
 * on the same port.
 */
import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';

export class PausableProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  /** Proxies `url`'s host and port; returns the same URL pointing at the proxy. */
  static async for(url: string): Promise<{ proxy: PausableProxy; url: string }> {
    const u = new URL(url);
    const proxy = await new PausableProxy(u.hostname, Number(u.port || 80)).start();
    u.port = String(proxy.port);
    return { proxy, url: u.toString().replace(/\/$/, '') };
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async pause(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  resume(): Promise<this> {
    return this.start();
  }

  async close(): Promise<void> {
    if (this.server.listening) await this.pause();
  }
}
