/**
 * What the soak's writers were told: per object, the state of its last acknowledged write and
 * the states of writes whose outcome is unknown (the connection broke before an answer). Each
 * name has one writer, so writes to it are sequential and the final stored state must be the
 * acknowledged one or one of the unknown ones after it — anything else is a lost write.
 */
export type ObjectState = string | null; // data.v of the object, null when deleted/absent

interface Entry {
  acked: ObjectState;
  unknown: ObjectState[];
  ackedWrites: number;
}

export class Ledger {
  readonly #entries = new Map<string, Entry>();
  ackedWrites = 0;

  #entry(name: string): Entry {
    let e = this.#entries.get(name);
    if (!e) {
      e = { acked: null, unknown: [], ackedWrites: 0 };
      this.#entries.set(name, e);
    }
    return e;
  }

  acknowledged(name: string, state: ObjectState): void {
    const e = this.#entry(name);
    e.acked = state;
    e.unknown = [];
    e.ackedWrites++;
    this.ackedWrites++;
  }

  /** An answer never came: the write may or may not have happened. */
  uncertain(name: string, state: ObjectState): void {
    this.#entry(name).unknown.push(state);
  }

  /**
   * A read that shows an uncertain write's value proves that write landed. A read never rules an
   * uncertain write out: one the server is still retrying (its client timed out while Nacos was
   * paused) can land after the read; only a later acknowledged write supersedes it.
   */
  observed(name: string, state: ObjectState): void {
    const e = this.#entry(name);
    if (state !== e.acked && e.unknown.includes(state)) e.acked = state;
  }

  expected(name: string): ObjectState {
    return this.#entry(name).acked;
  }

  /** Names whose stored state is neither the acknowledged state nor a possible later one. */
  lost(stored: Map<string, ObjectState>): Array<{ name: string; acked: ObjectState; stored: ObjectState }> {
    const lost = [];
    for (const [name, e] of this.#entries) {
      const now = stored.get(name) ?? null;
      if (now !== e.acked && !e.unknown.includes(now)) lost.push({ name, acked: e.acked, stored: now });
    }
    return lost;
  }
}
