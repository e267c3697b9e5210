/**
 * A fuzz target: the real apiserver (buildServer) on a memory driver the fuzzer can read
 * directly, so every request's effect on stored data can be compared with a snapshot. Requests
 * go through Fastify's inject(), the same routing, parsers and error handlers as a socket.
 */

import { registry } from '@hs/resources';
import { createMemoryDriver, createStorage, type StorageDriver } from '@hs/storage';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../server.js';
import {
  type Answer,
  answerProblems,
  pollutionProblems,
  prototypeBaseline,
  snapshotDifferences,
} from './checks.js';

export interface FuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** What produced it, for the report. */
  family: string;
}

export interface Verdict {
  answer?: Answer;
  problems: string[];
}

export interface FuzzTarget {
  app: FastifyInstance;
  /** Sends one request and checks every invariant; `problems` is empty when all hold. */
  send(request: FuzzRequest): Promise<Verdict>;
  close(): Promise<void>;
}

export async function snapshot(driver: StorageDriver): Promise<Map<string, string>> {
  const { kvs } = await driver.list('');
  return new Map(kvs.map((kv) => [kv.key, `${kv.revision}\u0000${kv.value}`]));
}

/** Seed objects so updates, patches and deletes also meet existing objects. */
const SEEDS: ReadonlyArray<{ url: string; body: object }> = [
  {
    url: '/api/v1/namespaces/default/configmaps',
    body: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'fz-a', labels: { app: 'fz' } },
      data: { k: 'v' },
    },
  },
  {
    url: '/api/v1/namespaces/default/secrets',
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'fz-a' }, stringData: { k: 'v' } },
  },
];

export async function createTarget(deadlineMs = 10_000): Promise<FuzzTarget> {
  const driver = createMemoryDriver();
  const storage = await createStorage({ driver, registry });
  const app = await buildServer({ storage });
  await app.ready();
  const baseline = prototypeBaseline();
  const reseed = async () => {
    for (const seed of SEEDS) {
      const name = (seed.body as { metadata: { name: string } }).metadata.name;
      const got = await app.inject({ method: 'GET', url: `${seed.url}/${name}` });
      if (got.statusCode === 404)
        await app.inject({
          method: 'POST',
          url: seed.url,
          payload: seed.body,
          headers: { 'content-type': 'application/json' },
        });
    }
  };
  await reseed();
  let sent = 0;
  return {
    app,
    async send(request) {
      if (++sent % 50 === 0) await reseed();
      const before = await snapshot(driver);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'hang'>((resolve) => {
        timer = setTimeout(() => resolve('hang'), deadlineMs);
      });
      const injected = app
        .inject({
          method: request.method,
          url: request.url,
          headers: request.headers ?? {},
          ...(request.body !== undefined ? { payload: request.body } : {}),
        })
        .then(
          (res) =>
            ({
              statusCode: res.statusCode,
              contentType: String(res.headers['content-type'] ?? ''),
              body: res.body,
            }) satisfies Answer,
        );
      const outcome = await Promise.race([injected, deadline]).finally(() => clearTimeout(timer));
      if (outcome === 'hang') return { problems: [`no answer within ${deadlineMs} ms`] };
      const problems = [...answerProblems(outcome), ...pollutionProblems(baseline)];
      if (outcome.statusCode >= 400) {
        const changed = snapshotDifferences(before, await snapshot(driver));
        if (changed.length > 0)
          problems.push(`rejected request (${outcome.statusCode}) changed ${changed.join(', ')}`);
      }
      return { answer: outcome, problems };
    },
    close: async () => {
      await app.close();
      await storage.close();
    },
  };
}
