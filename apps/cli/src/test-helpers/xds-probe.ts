import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

/** One route as xds-probe reports it (peers/istio/cmd/xds-probe/snapshot.go). */
export interface RouteView {
  prefix?: string;
  path?: string;
  regex?: string;
  cluster?: string;
}
export interface VirtualHostView {
  name: string;
  domains: string[];
  routes: RouteView[];
}
/** What an Envoy would hold after one xDS response. */
export interface XdsSnapshot {
  event: 'update';
  type: string;
  version: string;
  listeners: string[];
  clusters: string[];
  extensions: string[];
  routes: Record<string, VirtualHostView[]>;
  httpFilters: Record<string, string[]>;
}
type ProbeLine = XdsSnapshot | { event: 'connected' | 'disconnected' | 'nack'; error?: string };

/** The routes for `host`, flattened over every route configuration. */
export function routesFor(s: XdsSnapshot | undefined, host: string): RouteView[] {
  if (!s) return [];
  return Object.values(s.routes)
    .flat()
    .filter((vh) => vh.domains.includes(host))
    .flatMap((vh) => vh.routes);
}

/**
 * A running `xds-probe xds`: one ADS stream to Pilot as the gateway would hold it. `waitFor`
 * resolves with the first snapshot (the current one included) that satisfies a predicate.
 */
export class XdsWatch {
  private readonly child: ChildProcess;
  latest: XdsSnapshot | undefined;
  readonly events: ProbeLine[] = [];
  private waiters: { pred: (s: XdsSnapshot) => boolean; resolve: (s: XdsSnapshot) => void }[] = [];
  private stderr = '';

  constructor(binary: string, args: string[]) {
    this.child = spawn(binary, ['xds', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stderr?.on('data', (c: Buffer) => {
      this.stderr += c.toString();
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      let parsed: ProbeLine;
      try {
        parsed = JSON.parse(line) as ProbeLine;
      } catch {
        return;
      }
      this.events.push(parsed);
      if (parsed.event !== 'update') return;
      this.latest = parsed;
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(parsed)) return true;
        w.resolve(parsed);
        return false;
      });
    });
  }

  waitFor(
    pred: (s: XdsSnapshot) => boolean,
    timeoutMs = 30_000,
    what = 'a matching xDS snapshot',
  ): Promise<XdsSnapshot> {
    if (this.latest && pred(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const events = this.events.slice(-3).map((e) => JSON.stringify(e).slice(0, 400));
        reject(
          new Error(
            `no ${what} within ${timeoutMs} ms; last lines:\n${events.join('\n')}\n${this.stderr.slice(-500)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({
        pred,
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
      });
    });
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

const run = promisify(execFile);

/** `xds-probe csr`: the chain Pilot's CA granted, or the error it answered. */
export async function requestCertificate(
  binary: string,
  args: string[],
): Promise<{ certChain: string[] } | { error: string }> {
  try {
    const { stdout } = await run(binary, ['csr', ...args], { timeout: 40_000 });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { certChain: string[] };
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return { error: err.stderr?.trim() || err.message };
  }
}
