/**
 * `/healthz`, `/livez`, `/readyz` as kube-apiserver answers them
 * (k8s.io/apiserver/pkg/server/healthz/healthz.go handleRootHealth): plain `ok` when every check
 * passes; with `?verbose`, or when a check fails, one line per check (`[+]name ok`,
 * `[-]name failed: reason`, `[+]name excluded: ok` for `?exclude=name`) and a last line
 * `readyz check passed|failed`; 500 when any check failed. A passing check may add a warning,
 * printed as `[+]name ok: warning: …` (still 200).
 */
import type { Storage } from '@hs/storage';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type CheckResult = { ok: true; warning?: string } | { ok: false; reason: string };

export interface ReadyCheck {
  name: string;
  check(): CheckResult;
}

const TEXT = 'text/plain; charset=utf-8';

function storageCheck(storage: Storage): ReadyCheck {
  return {
    name: 'storage',
    check: () => {
      const reason = storage.health();
      return reason === undefined ? { ok: true } : { ok: false, reason };
    },
  };
}

const ping: ReadyCheck = { name: 'ping', check: () => ({ ok: true }) };

function listOf(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
}

function answer(endpoint: string, checks: readonly ReadyCheck[]) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Record<string, unknown>;
    const verbose = query.verbose !== undefined;
    const excluded = new Set(listOf(query.exclude));
    const lines: string[] = [];
    let failed = false;
    for (const c of checks) {
      if (excluded.has(c.name)) {
        lines.push(`[+]${c.name} excluded: ok`);
        continue;
      }
      const r = c.check();
      if (r.ok) lines.push(r.warning ? `[+]${c.name} ok: warning: ${r.warning}` : `[+]${c.name} ok`);
      else {
        failed = true;
        lines.push(`[-]${c.name} failed: ${r.reason}`);
      }
    }
    reply.header('content-type', TEXT).header('x-content-type-options', 'nosniff');
    if (failed) return reply.code(500).send(`${lines.join('\n')}\n${endpoint} check failed`);
    if (!verbose) return reply.send('ok');
    return reply.send(`${lines.join('\n')}\n${endpoint} check passed\n`);
  };
}

/**
 * Registers the health endpoints: `/healthz` and `/livez` ping only (a process that answers is
 * alive); `/readyz` also asks the storage and every `extra` check (e.g. certificate expiry).
 */
export function registerHealth(
  app: FastifyInstance,
  storage: Storage,
  extra: readonly ReadyCheck[] = [],
): void {
  app.get('/healthz', answer('healthz', [ping]));
  app.get('/livez', answer('livez', [ping]));
  app.get('/readyz', answer('readyz', [ping, storageCheck(storage), ...extra]));
}
