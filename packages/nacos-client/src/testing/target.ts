/**
 * Where client and driver tests run: a real Nacos when `NACOS_TEST_URL` is set (e.g.
 * `http://127.0.0.1:8848/nacos`, with optional `NACOS_TEST_USERNAME` / `NACOS_TEST_PASSWORD`),
 * otherwise a fresh Nacos test server. Each target gets its own tenant so runs never collide.
 */
import { randomBytes } from 'node:crypto';
import { NacosClient } from '../client.js';
import { createNamespace, searchConfigs } from '../console-api.js';
import { type NacosTestServer, type NacosTestServerOptions, startNacosTestServer } from './server.js';

export interface NacosTarget {
  url: string;
  username: string | undefined;
  password: string | undefined;
  /** A tenant (namespace id) unique to this target. */
  tenant: string;
  /** The test server, or undefined against a real Nacos. */
  server: NacosTestServer | undefined;
  close(): Promise<void>;
}

export function usingRealNacos(): boolean {
  return !!process.env.NACOS_TEST_URL;
}

export async function nacosTarget(options: NacosTestServerOptions = {}): Promise<NacosTarget> {
  const tenant = `t-${randomBytes(6).toString('hex')}`;
  const real = process.env.NACOS_TEST_URL;
  if (real) {
    const username = process.env.NACOS_TEST_USERNAME;
    const password = process.env.NACOS_TEST_PASSWORD;
    const client = new NacosClient({ serverUrl: real, username, password });
    await client.connect();
    // 2.x accepts any tenant; 3.x wants the namespace to exist.
    await createNamespace(client, tenant, tenant).catch(() => false);
    return {
      url: real,
      username,
      password,
      tenant,
      server: undefined,
      // Leave the real server as we found it: delete what the test wrote in its tenant.
      close: async () => {
        const keys = [];
        for await (const item of searchConfigs(client, { tenant })) keys.push(item.key);
        for (const key of keys) await client.delete(key).catch(() => undefined);
      },
    };
  }
  const server = await startNacosTestServer(options);
  const auth = options.auth || server.mode.startsWith('3');
  return {
    url: server.url,
    username: auth ? 'nacos' : undefined,
    password: auth ? 'nacos' : undefined,
    tenant,
    server,
    close: () => server.close(),
  };
}
