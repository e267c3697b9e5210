/**
 * A loopback TCP proxy that can simulate an outage of whatever is behind it (the Nacos test server
 * or a real Nacos): `pause()` drops every connection and stops listening, `resume()` listens again
 * on the same port.
 */
import { createConnection, createServer } from 'node:net';
import { PausableListener } from './pausable-listener.js';

export class PausableProxy {
  private readonly listener: PausableListener;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    const server = createServer((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      this.listener.track(upstream);
      for (const s of [client, upstream]) s.on('error', () => undefined);
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.listener = new PausableListener(server);
  }

  /** Proxies `url`'s host and port; returns the same URL pointing at the proxy. */
  static async for(url: string): Promise<{ proxy: PausableProxy; url: string }> {
    const u = new URL(url);
    const proxy = await new PausableProxy(u.hostname, Number(u.port || 80)).start();
    u.port = String(proxy.listener.port);
    return { proxy, url: u.toString().replace(/\/$/, '') };
  }

  async start(): Promise<this> {
    await this.listener.start();
    return this;
  }

  pause(): Promise<void> {
    return this.listener.pause();
  }

  resume(): Promise<this> {
    return this.start();
  }

  async close(): Promise<void> {
    if (this.listener.listening) await this.pause();
  }
}
