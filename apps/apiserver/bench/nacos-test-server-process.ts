/**
 * The Nacos test server (3.1 mode) in its own process for the scale bench (forked by scale.ts, so neither the
 * load generator nor the API server shares its event loop): auth on (user `nacos`), loopback, port
 * chosen free. Sends `{ type: 'listening', url }` over IPC, answers 'bytes' with the stored bytes
 * (the content of every config) and exits on 'stop'.
 */
import { startNacosTestServer } from '@hs/nacos-client/testing';

export type NacosServerMessage = { type: 'listening'; url: string } | { type: 'bytes'; bytes: number };

// 3.x as the compose pins it (lists without content: a relist reads each object).
const server = await startNacosTestServer({ mode: '3.1', auth: true, users: { nacos: 'nacos' } });
const send = (message: NacosServerMessage) => process.send?.(message);
send({ type: 'listening', url: server.url });

process.on('message', async (message: 'bytes' | 'stop') => {
  if (message === 'bytes') {
    let bytes = 0;
    for (const row of server.state.rows.values()) bytes += Buffer.byteLength(row.content);
    send({ type: 'bytes', bytes });
    return;
  }
  await server.close();
  process.exit(0);
});
