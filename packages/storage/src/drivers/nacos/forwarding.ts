/**
 * Write forwarding from followers to the leader, so every replica accepts writes. Two phases,
 * because the value embeds the revision only the leader can allocate: `prepare` checks the
 * preconditions under the leader's write lock and answers the revision; the follower encodes and
 * `commit`s the value, which the leader writes and logs. A follower that does not commit within
 * `commitTimeoutMs` aborts the write before anything reaches Nacos.
 *
 * The shared secret travels in the lease record: whoever can read the lease can write Nacos
 * directly anyway, so it grants nothing new.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StorageError, type StorageErrorCode } from '@hs/apimachinery';
import type { Encode } from '../../driver.js';

export type WriteOp =
  | { op: 'create'; key: string }
  | { op: 'update'; key: string; expectedRevision: number }
  | { op: 'delete'; key: string; expectedRevision?: number | undefined };

export type AsyncEncode = (revision: number) => string | Promise<string>;
/** Runs a write on the leader; must never forward it again. */
export type ForwardHandler = (op: WriteOp, encode: AsyncEncode) => Promise<unknown>;

export interface ForwardTarget {
  endpoint: string;
  token: string;
}

interface Pending {
  value: (v: string) => void;
  fail: (e: unknown) => void;
  result: Promise<unknown>;
}

function errorBody(err: unknown) {
  if (err instanceof StorageError) {
    return {
      error: {
        code: err.code,
        message: err.message,
        revision: err.revision,
        retryAfterSeconds: err.retryAfterSeconds,
      },
    };
  }
  return { error: { code: 'Unreachable', message: err instanceof Error ? err.message : String(err) } };
}

export class ForwardServer {
  private readonly server: Server;
  private readonly token = randomBytes(24).toString('base64url');
  private readonly pending = new Map<string, Pending>();
  private port = 0;

  constructor(
    private readonly opts: { host?: string; port?: number; advertiseHost?: string; commitTimeoutMs?: number },
    private readonly handler: ForwardHandler,
  ) {
    this.server = createServer((req, res) => void this.serve(req, res));
  }

  advertise(): { endpoint: string; token: string } {
    const host = this.opts.advertiseHost ?? this.opts.host ?? '127.0.0.1';
    return { endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`, token: this.token };
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) p.fail(new StorageError('NotLeader', '', 'the leader is closing'));
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.headers.authorization !== `Bearer ${this.token}`) return reply(403, {});
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: { op?: WriteOp; txn?: string; value?: string; abort?: boolean };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      return reply(400, {});
    }
    if (req.url === '/prepare' && body.op) return this.prepare(body.op, reply);
    if (req.url === '/commit' && body.txn !== undefined) {
      const p = this.pending.get(body.txn);
      if (!p)
        return reply(200, errorBody(new StorageError('Timeout', '', 'unknown or expired forwarded write')));
      if (typeof body.value === 'string') p.value(body.value);
      else p.fail(new StorageError('InvalidObject', '', 'the forwarding replica could not encode the value'));
      return p.result.then(
        (result) => reply(200, { result }),
        (err: unknown) => reply(200, errorBody(err)),
      );
    }
    return reply(404, {});
  }

  private prepare(op: WriteOp, reply: (status: number, body: unknown) => void): void {
    const txn = randomBytes(12).toString('hex');
    let answered = false;
    let deliver: (v: string) => void = () => {};
    let fail: (e: unknown) => void = () => {};
    const value = new Promise<string>((resolve, reject) => {
      deliver = resolve;
      fail = reject;
    });
    // A write failed before the handler asked for its value (the leader closing) is answered
    // through `result`; the value itself then has no reader.
    value.catch(() => undefined);
    const result = this.handler(op, (revision) => {
      answered = true;
      reply(200, { txn, revision });
      const timer = setTimeout(
        () => fail(new StorageError('Timeout', op.key, 'the forwarding replica did not commit in time')),
        this.opts.commitTimeoutMs ?? 5000,
      );
      return value.finally(() => clearTimeout(timer));
    });
    this.pending.set(txn, { value: deliver, fail, result });
    result.then(
      (r) => {
        if (!answered) reply(200, { result: r });
      },
      (err: unknown) => {
        if (!answered) reply(200, errorBody(err));
      },
    );
    void result.finally(() => this.pending.delete(txn)).catch(() => undefined);
  }
}

async function post(target: ForwardTarget, path: string, body: unknown, key: string, retryAfter: number) {
  let res: Response;
  try {
    res = await fetch(`${target.endpoint}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (cause) {
    throw new StorageError('NotLeader', key, `cannot reach the leader at ${target.endpoint}`, {
      cause,
      retryAfterSeconds: retryAfter,
    });
  }
  if (res.status !== 200) {
    throw new StorageError('NotLeader', key, `the leader refused the forwarded write (${res.status})`, {
      retryAfterSeconds: retryAfter,
    });
  }
  const out = (await res.json()) as {
    txn?: string;
    revision?: number;
    result?: unknown;
    error?: { code: StorageErrorCode; message: string; revision?: number; retryAfterSeconds?: number };
  };
  if (out.error) {
    throw new StorageError(out.error.code, key, out.error.message, {
      revision: out.error.revision,
      retryAfterSeconds: out.error.retryAfterSeconds,
    });
  }
  return out;
}

/** Runs a write on the leader at `target`; encodes the value locally once the revision is known. */
export async function forwardWrite(
  target: ForwardTarget,
  op: WriteOp,
  encode: Encode,
  retryAfter: number,
): Promise<unknown> {
  const first = await post(target, '/prepare', { op }, op.key, retryAfter);
  if (first.txn === undefined || first.revision === undefined) return first.result;
  let value: string;
  try {
    value = encode(first.revision);
  } catch (err) {
    // Release the leader's write lock at once instead of letting the commit time out.
    await post(target, '/commit', { txn: first.txn, abort: true }, op.key, retryAfter).catch(() => undefined);
    throw err;
  }
  const second = await post(target, '/commit', { txn: first.txn, value }, op.key, retryAfter);
  return second.result;
}
