/**
 * A scenario is written once: a sequence of operations each side runs in order. Dynamic parts
 * (an update built from the object an earlier GET returned) read that side's own earlier answers.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { User } from './http.js';

export interface Ctx {
  /** The parsed JSON body of an earlier operation's answer on this side. */
  json(id: string): Record<string, unknown>;
  /** Which sending of a repeated operation this is (0 for the first). */
  iteration: number;
}

export type Dyn<T> = T | ((ctx: Ctx) => T);

export interface HttpOp {
  type?: 'http';
  id: string;
  method: string;
  path: Dyn<string>;
  /** An object is sent as JSON (or YAML when contentType says so); a string as is. */
  body?: Dyn<unknown>;
  contentType?: string;
  accept?: string;
  user?: User;
  /** Reduce both bodies before comparing; `why` is printed and belongs in docs/compatibility.md. */
  project?: Projection;
  /** Send the request this many times (default 1); only the last answer is compared. */
  repeat?: number;
}

export interface Projection {
  why: string;
  fn: (body: unknown) => unknown;
}

export interface WatchOp {
  type: 'watch';
  id: string;
  path: Dyn<string>;
  accept?: string;
  /** Writes made while the watch is open (their answers are compared too). */
  during?: HttpOp[];
  /**
   * The initial events the watch sends before the `during` writes should be made (the state of
   * the objects it selects, for a watch without a resourceVersion): waited for, so a server that
   * registers the watch slowly under load still sees the writes after its initial state.
   */
  initialEvents?: number;
  /** How many events to wait for (the comparison is of the events received). */
  events: number;
  /** How long to wait for them (default 5 s); also ends a watch that would go on. */
  waitMs?: number;
  /** Reduce both event lists before comparing (timing-dependent parts); `why` is printed. */
  project?: Projection;
}

export interface KubectlOp {
  type: 'kubectl';
  id: string;
  args: Dyn<string[]>;
  stdin?: Dyn<string>;
}

export interface ClientOp {
  type: 'client';
  id: string;
  run: (kc: KubeConfig, ctx: Ctx) => Promise<unknown>;
}

/**
 * Compacts the side's storage history up to now (kube-apiserver: etcd's compaction, which it
 * otherwise runs every 5 minutes; ours: nothing, its bounded history was already cut by the
 * writes before). Nothing is compared.
 */
export interface CompactOp {
  type: 'compact';
  id: string;
}

export type Op = HttpOp | WatchOp | KubectlOp | ClientOp | CompactOp;

export interface Scenario {
  name: string;
  ops: Op[];
}

export const resolve = <T>(value: Dyn<T>, ctx: Ctx): T =>
  typeof value === 'function' ? (value as (c: Ctx) => T)(ctx) : value;
