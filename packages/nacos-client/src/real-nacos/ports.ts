/**
 * Free loopback ports for a Nacos node. Nacos derives more ports from its main HTTP port P: the SDK
 * gRPC port P+1000, the cluster gRPC port P+1001 and the Raft port P-1000 (alibaba/nacos
 * Constants.SDK_GRPC_PORT_DEFAULT_OFFSET, CLUSTER_GRPC_PORT_DEFAULT_OFFSET, raft offset), so a main
 * port is only usable when all of them are free, plus a separate console port.
 */
import { createServer } from 'node:net';

export interface NacosPorts {
  main: number;
  console: number;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** Ports derived from a main port that must all be free. */
export function derivedPorts(main: number): number[] {
  return [main, main + 1000, main + 1001, main - 1000];
}

export async function pickPorts(taken: ReadonlySet<number> = new Set()): Promise<NacosPorts> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const main = 21000 + Math.floor(Math.random() * 20000);
    const console = main + 2000;
    const wanted = [...derivedPorts(main), console];
    if (wanted.some((p) => taken.has(p))) continue;
    const free = await Promise.all(wanted.map(isFree));
    if (free.every(Boolean)) return { main, console };
  }
  throw new Error('found no free loopback ports for Nacos');
}
