/**
 * A sorted set of keys (plain code-unit order, as etcd and kine compare keys), kept sorted on insert
 * so listings need no sort. Inserts and removals are O(n) array moves, fine for the object counts a
 * gateway holds (tens of thousands).
 */
export class SortedKeys {
  readonly #keys: string[] = [];

  get size(): number {
    return this.#keys.length;
  }

  has(key: string): boolean {
    const i = this.#lowerBound(key);
    return this.#keys[i] === key;
  }

  add(key: string): void {
    const i = this.#lowerBound(key);
    if (this.#keys[i] !== key) this.#keys.splice(i, 0, key);
  }

  delete(key: string): void {
    const i = this.#lowerBound(key);
    if (this.#keys[i] === key) this.#keys.splice(i, 1);
  }

  /** Keys starting with `prefix`, in order, optionally only those strictly after `after`. */
  *withPrefix(prefix: string, after?: string): Generator<string> {
    let i = this.#lowerBound(prefix);
    if (after !== undefined && after >= prefix) {
      i = this.#lowerBound(after);
      if (this.#keys[i] === after) i++;
    }
    for (; i < this.#keys.length; i++) {
      const key = this.#keys[i]!;
      if (!key.startsWith(prefix)) return;
      yield key;
    }
  }

  /** How many keys `withPrefix(prefix, after)` yields, in O(log n). */
  countWithPrefix(prefix: string, after?: string): number {
    let start = this.#lowerBound(prefix);
    if (after !== undefined && after >= prefix) {
      start = this.#lowerBound(after);
      if (this.#keys[start] === after) start++;
    }
    // The keys with the prefix are one run from lowerBound(prefix): find where it ends.
    let lo = start;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#keys[mid]!.startsWith(prefix)) lo = mid + 1;
      else hi = mid;
    }
    return lo - start;
  }

  #lowerBound(key: string): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
