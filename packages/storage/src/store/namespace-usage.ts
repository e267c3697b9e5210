/**
 * Which namespaces hold objects, and since which revision: a count per namespace plus a bounded
 * history of the moments a namespace came into use or went out of use, so watches can announce and
 * replay those moments in revision order with the store's other events.
 */

/** A namespace came into use (its first object) or went out of use (its last object went away). */
export interface UsageChange {
  revision: number;
  namespace: string;
  inUse: boolean;
}

export class NamespaceUsage {
  readonly #counts = new Map<string, { count: number; since: number }>();
  #history: UsageChange[] = [];
  /** Every change with a revision above `floor` is in the history. */
  floor = 0;

  constructor(private readonly historyLimit: number) {}

  /** Counts an object present when the store started; `since` is the oldest such object's creation. */
  load(namespace: string, revision: number): void {
    const entry = this.#counts.get(namespace);
    if (entry) {
      entry.count++;
      entry.since = Math.min(entry.since, revision);
    } else {
      this.#counts.set(namespace, { count: 1, since: revision });
    }
  }

  /** Applies a committed create (+1) or delete (-1); returns the change when use starts or ends. */
  apply(namespace: string, delta: 1 | -1, revision: number): UsageChange | undefined {
    const entry = this.#counts.get(namespace);
    const count = (entry?.count ?? 0) + delta;
    if (count > 0) {
      if (entry) entry.count = count;
      else this.#counts.set(namespace, { count, since: revision });
      return entry ? undefined : this.#record({ revision, namespace, inUse: true });
    }
    if (!entry) return undefined;
    this.#counts.delete(namespace);
    return this.#record({ revision, namespace, inUse: false });
  }

  /** Namespaces in use, sorted. */
  names(): string[] {
    return [...this.#counts.keys()].sort();
  }

  /** The revision at which a namespace came into use; undefined when it holds nothing. */
  since(namespace: string): number | undefined {
    return this.#counts.get(namespace)?.since;
  }

  /** Changes with a revision above `revision`, oldest first (the caller checks `floor`). */
  changesAfter(revision: number): UsageChange[] {
    return this.#history.filter((change) => change.revision > revision);
  }

  /** Whether a namespace was in use at `revision` (not older than `floor`). */
  inUseAt(namespace: string, revision: number): boolean {
    const next = this.#history.find((c) => c.revision > revision && c.namespace === namespace);
    return next ? !next.inUse : this.#counts.has(namespace);
  }

  #record(change: UsageChange): UsageChange {
    this.#history.push(change);
    if (this.#history.length > this.historyLimit) {
      const dropped = this.#history.splice(0, this.#history.length - this.historyLimit);
      this.floor = dropped.at(-1)?.revision ?? this.floor;
    }
    return change;
  }
}
