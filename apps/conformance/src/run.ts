/** Runs a scenario's operations on one side and records normalised observations. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { HttpSide, type RawResponse } from './http.js';
import { runKubectl } from './kubectl.js';
import { Normaliser } from './normalise.js';
import { type Ctx, type HttpOp, type Op, resolve, type Scenario } from './scenario.js';
import type { Side } from './targets.js';

export interface Observation {
  id: string;
  /** What was sent, for the report (`GET /api/v1/...`, `kubectl get ...`). */
  request: string;
  /** The compared value: status, client-read headers and normalised body (or events, output). */
  value: unknown;
  project?: string | undefined;
}

/** Headers clients act on. */
const READ_HEADERS = ['content-type', 'warning', 'retry-after'];

export function parseBody(res: { headers: Record<string, string>; body: string }): unknown {
  const type = res.headers['content-type'] ?? '';
  if (!res.body) return res.body;
  try {
    if (type.includes('json')) return JSON.parse(res.body);
    if (type.includes('yaml')) return parseYaml(res.body);
  } catch {
    return res.body;
  }
  return res.body;
}

function headersOf(res: RawResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of READ_HEADERS) if (res.headers[h] !== undefined) out[h] = res.headers[h];
  return out;
}

function encode(op: HttpOp, ctx: Ctx): { body?: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { accept: op.accept ?? 'application/json' };
  const body = op.body === undefined ? undefined : resolve(op.body, ctx);
  if (body === undefined) return { headers };
  const contentType = op.contentType ?? 'application/json';
  headers['content-type'] = contentType;
  if (typeof body === 'string') return { body, headers };
  // YAML 1.1, as kube-apiserver's parser reads it: strings such as `yes` are quoted (YAML 1.2
  // would leave them plain and the Go side would read a boolean).
  return {
    body: contentType.includes('yaml') ? toYaml(body, { version: '1.1' }) : JSON.stringify(body),
    headers,
  };
}

export class SideRunner {
  private readonly http: HttpSide;
  private readonly answers = new Map<string, unknown>();
  private normaliser = new Normaliser();
  private home = '';
  private kubeconfig: KubeConfig | undefined;

  constructor(readonly side: Side) {
    this.http = new HttpSide(side);
  }

  private readonly ctx: Ctx = {
    json: (id) => {
      const v = this.answers.get(id);
      if (v === undefined) throw new Error(`no answer recorded for ${id}`);
      return v as Record<string, unknown>;
    },
    iteration: 0,
  };

  async run(scenario: Scenario): Promise<Observation[]> {
    this.normaliser = new Normaliser();
    this.answers.clear();
    const out: Observation[] = [];
    for (const op of scenario.ops) out.push(...(await this.op(op)));
    return out;
  }

  private async httpOp(op: HttpOp): Promise<Observation> {
    const path = resolve(op.path, this.ctx);
    let res!: RawResponse;
    for (let i = 0; i < (op.repeat ?? 1); i++) {
      const { body, headers } = encode(op, { ...this.ctx, iteration: i });
      res = await this.http.send({ method: op.method, path, headers, body, user: op.user });
    }
    const parsed = parseBody(res);
    this.answers.set(op.id, parsed);
    const shown = op.project ? op.project.fn(parsed) : parsed;
    return {
      id: op.id,
      request: `${op.method} ${path}`,
      value: { status: res.status, headers: headersOf(res), body: this.normaliser.value(shown) },
      project: op.project?.why,
    };
  }

  private async op(op: Op): Promise<Observation[]> {
    switch (op.type) {
      case undefined:
      case 'http':
        return [await this.httpOp(op)];
      case 'watch': {
        const path = resolve(op.path, this.ctx);
        const open = () =>
          this.http.watch({ method: 'GET', path, headers: { accept: op.accept ?? 'application/json' } });
        const quiet = !op.during?.length;
        let w = open();
        // A watch cache that has not caught up yet answers, after up to 3 s, a 504 "Too large
        // resource version" with Retry-After 1; client-go's reflector waits and watches again, and
        // so do we (before any write the watch should see, so nothing is missed).
        for (let attempt = 1; ; attempt++) {
          // Let the watch register (and send its initial state) before the writes it should see.
          if (op.initialEvents) await w.until(op.initialEvents, 5000);
          await w.until(Number.POSITIVE_INFINITY, 300);
          if (quiet) await w.until(op.events, op.waitMs ?? 5000);
          if (attempt >= 8 || !oracleNotReady(w.events, path)) break;
          w.close();
          await w.response.catch(() => undefined);
          await new Promise((r) => setTimeout(r, 1000));
          w = open();
        }
        const during: Observation[] = [];
        for (const write of op.during ?? []) during.push(await this.httpOp(write));
        await w.until(op.events, op.waitMs ?? 5000);
        // A moment more, so an extra event one side sends shows up as a difference.
        await w.until(op.events + 1, 200);
        const ended = w.ended;
        w.close();
        const res = await w.response;
        const events = op.project ? op.project.fn(w.events) : w.events;
        return [
          ...during,
          {
            id: op.id,
            request: `WATCH ${path}`,
            value: {
              status: res.status,
              headers: headersOf(res),
              ended,
              events: this.normaliser.value(events),
            },
            project: op.project?.why,
          },
        ];
      }
      case 'kubectl': {
        if (!this.home) this.home = await mkdtemp(join(tmpdir(), `hs-cf-kubectl-${this.side.name}-`));
        const args = resolve(op.args, this.ctx);
        const stdin = op.stdin === undefined ? '' : resolve(op.stdin, this.ctx);
        const r = await runKubectl(this.side.kubeconfig, this.home, args, stdin);
        const text = (s: string) => this.normaliser.text(s.split(this.side.url).join('<server>'));
        let stdout: unknown = text(r.stdout);
        if (args.includes('json')) {
          try {
            stdout = this.normaliser.value(JSON.parse(r.stdout));
          } catch {
            // not JSON after all: compared as text
          }
        } else
          stdout = (stdout as string).replace(/\b\d+(s|m|h|d)\d*(s|m)?\b/g, '<age>').replace(/[ \t]+/g, ' ');
        return [
          {
            id: op.id,
            request: `kubectl ${args.join(' ')}`,
            value: { exit: r.exit, stdout, stderr: text(r.stderr) },
          },
        ];
      }
      case 'compact':
        await this.side.compact?.();
        return [];
      case 'client': {
        if (!this.kubeconfig) {
          this.kubeconfig = new KubeConfig();
          this.kubeconfig.loadFromFile(this.side.kubeconfig);
        }
        let value: unknown;
        try {
          value = { result: this.normaliser.value(await op.run(this.kubeconfig, this.ctx)) };
        } catch (err) {
          const e = err as { code?: number; body?: unknown; message?: string };
          let body = e.body;
          if (typeof body === 'string') {
            try {
              body = JSON.parse(body);
            } catch {
              // kept as text
            }
          }
          value = {
            error: { code: e.code ?? null, body: this.normaliser.value(body ?? e.message ?? String(err)) },
          };
        }
        return [{ id: op.id, request: `client-node ${op.id}`, value }];
      }
    }
  }

  async close(): Promise<void> {
    this.http.close();
    if (this.home) await rm(this.home, { recursive: true, force: true });
  }
}

/**
 * The only event is an ERROR the server answers while its storage is not ready for the watch:
 * a lagging watch cache's 504 "Too large resource version" (k8s.io/apiserver storage/cacher), or,
 * before kube-apiserver's etcd feature checker has probed etcd, the 500 "RequestWatchProgress is
 * disabled" for a plain watch (a watch-list request gets it for good: explained.ts).
 */
function oracleNotReady(events: readonly unknown[], path: string): boolean {
  if (events.length !== 1) return false;
  const e = events[0] as { type?: unknown; object?: { code?: unknown; message?: unknown } };
  if (e.type !== 'ERROR' || typeof e.object?.message !== 'string') return false;
  if (e.object.code === 504) return e.object.message.includes('Too large resource version');
  return (
    e.object.code === 500 &&
    !/[?&]sendInitialEvents=true/.test(path) &&
    e.object.message.includes('RequestWatchProgress is disabled')
  );
}
