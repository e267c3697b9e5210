/**
 * The soak's writers and readers: each writer owns a few ConfigMap names and cycles them through
 * create, update (PUT with the resourceVersion it read), merge patch and delete, with lists in
 * between; every answer is recorded with its time, and every write goes into the ledger as
 * acknowledged (2xx), refused (a definite 4xx) or uncertain (no answer, or 5xx).
 */
import type { Ledger, ObjectState } from './ledger.js';

export interface Answer {
  at: number;
  status: number; // 0: no HTTP answer
  reason: string;
  error?: string;
}

export class Recorder {
  readonly answers: Answer[] = [];
}

export const NAMESPACE = 'soak';
const COLLECTION = `/api/v1/namespaces/${NAMESPACE}/configmaps`;

async function call(
  base: string,
  recorder: Recorder,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; json?: Record<string, unknown> }> {
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': contentType },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    const reason = res.status >= 400 ? String(json?.reason ?? `non-Status body: ${text.slice(0, 80)}`) : '';
    recorder.answers.push({ at: Date.now(), status: res.status, reason });
    return { status: res.status, ...(json ? { json } : {}) };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    recorder.answers.push({ at: Date.now(), status: 0, reason: '', error: cause });
    return { status: 0 };
  }
}

const stateOf = (json: Record<string, unknown> | undefined): ObjectState =>
  ((json?.data as { v?: string } | undefined)?.v ?? null) as ObjectState;

export class Writer {
  #counter = 0;
  #stopped = false;
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly base: string,
    private readonly id: number,
    private readonly names: string[],
    private readonly ledger: Ledger,
    private readonly recorder: Recorder,
  ) {}

  start(): void {
    this.done = this.loop();
  }

  stop(): Promise<void> {
    this.#stopped = true;
    return this.done;
  }

  private async loop(): Promise<void> {
    while (!this.#stopped) {
      const name = this.names[Math.floor(Math.random() * this.names.length)] ?? '';
      await this.step(name);
      if (Math.random() < 0.15) await call(this.base, this.recorder, 'GET', `${COLLECTION}?limit=20`);
    }
  }

  private nextValue(): string {
    return `w${this.id}-${++this.#counter}`;
  }

  /** Reads the object: its state for the ledger and its resourceVersion. */
  private async read(name: string): Promise<{ ok: boolean; state: ObjectState; rv?: string }> {
    const got = await call(this.base, this.recorder, 'GET', `${COLLECTION}/${name}`);
    if (got.status === 404) {
      this.ledger.observed(name, null);
      return { ok: true, state: null };
    }
    if (got.status !== 200) return { ok: false, state: null };
    const state = stateOf(got.json);
    this.ledger.observed(name, state);
    const rv = (got.json?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
    return { ok: true, state, ...(rv ? { rv } : {}) };
  }

  private async step(name: string): Promise<void> {
    const current = await this.read(name);
    if (!current.ok) {
      await new Promise((r) => setTimeout(r, 100));
      return;
    }
    const value = this.nextValue();
    const object = (rv?: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, ...(rv ? { resourceVersion: rv } : {}) },
      data: { v: value },
    });
    if (current.state === null) {
      await this.write(name, value, () => call(this.base, this.recorder, 'POST', COLLECTION, object()));
      return;
    }
    const roll = Math.random();
    if (roll < 0.4) {
      await this.write(name, value, () =>
        call(this.base, this.recorder, 'PUT', `${COLLECTION}/${name}`, object(current.rv)),
      );
    } else if (roll < 0.8) {
      await this.write(name, value, () =>
        call(
          this.base,
          this.recorder,
          'PATCH',
          `${COLLECTION}/${name}`,
          { data: { v: value } },
          'application/merge-patch+json',
        ),
      );
    } else {
      await this.write(name, null, () => call(this.base, this.recorder, 'DELETE', `${COLLECTION}/${name}`));
    }
  }

  private async write(
    name: string,
    intended: ObjectState,
    send: () => Promise<{ status: number; json?: Record<string, unknown> }>,
  ): Promise<void> {
    const { status } = await send();
    if (status >= 200 && status < 300) this.ledger.acknowledged(name, intended);
    else if (status === 0 || status >= 500) this.ledger.uncertain(name, intended);
    // A 4xx (409 Conflict/AlreadyExists, 404) is a definite refusal: nothing changed.
  }
}

export async function ensureNamespace(base: string, recorder: Recorder): Promise<void> {
  await call(base, recorder, 'POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: NAMESPACE },
  });
}

/** The stored state of every name, read once everything is quiet. */
export async function storedStates(
  base: string,
  recorder: Recorder,
): Promise<{ states: Map<string, ObjectState>; rvs: Map<string, string> }> {
  const got = await call(base, recorder, 'GET', COLLECTION);
  const items = (got.json?.items ?? []) as Array<{
    metadata: { name: string; resourceVersion: string };
    data?: { v?: string };
  }>;
  return {
    states: new Map(items.map((i) => [i.metadata.name, i.data?.v ?? null])),
    rvs: new Map(items.map((i) => [i.metadata.name, i.metadata.resourceVersion])),
  };
}

export { COLLECTION, call };
