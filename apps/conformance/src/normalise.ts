/**
 * Replaces what legitimately differs between two servers running the same operations: uids,
 * timestamps, resourceVersion values (kept by order of first appearance, so equal stays equal),
 * generated name suffixes, continue tokens, allocated cluster IPs and Table ages. One Normaliser
 * per scenario and side, so references across operations stay consistent. managedFields entries
 * are ordered by wall-clock second before manager name (sortEncodedManagedFields), so with their
 * times masked they are compared in the order they would have had if written in the same second.
 */
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const MICROTIME_KEYS = new Set(['renewTime', 'acquireTime', 'eventTime']);
const CLUSTER_IP = /^10\.96\.\d{1,3}\.\d{1,3}$/;
const AGE = /^(\d+(\.\d+)?(s|m|h|d|y))+$|^<invalid>$|^<unknown>$/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class Normaliser {
  private readonly rvs = new Map<string, string>();
  private readonly uids = new Map<string, string>();
  private readonly generated = new Map<string, string>();

  rv(value: string): string {
    if (value === '' || value === '0') return value;
    let v = this.rvs.get(value);
    if (!v) {
      v = `<rv${this.rvs.size + 1}>`;
      this.rvs.set(value, v);
    }
    return v;
  }

  /**
   * A list's resourceVersion is the server's current revision, which counts writes of its own
   * (kube-apiserver renews its identity Lease every 10 s): compared as "at or after the newest
   * write seen so far", and not learnt as an object's.
   */
  private collectionRv(value: string): string {
    if (value === '' || value === '0' || !/^\d+$/.test(value)) return this.rv(value);
    let best = 0;
    let bestValue = -1n;
    const v = BigInt(value);
    for (const [known, label] of this.rvs) {
      if (!/^\d+$/.test(known)) continue;
      const k = BigInt(known);
      if (k <= v && k > bestValue) {
        bestValue = k;
        best = Number(label.slice(3, -1));
      }
    }
    return `<rv>=${best}>`;
  }

  private listMeta(meta: unknown): Json {
    if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return this.walk(meta, 'metadata');
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(meta as Record<string, unknown>))
      out[k] = k === 'resourceVersion' && typeof v === 'string' ? this.collectionRv(v) : this.walk(v, k);
    return out;
  }

  private uid(value: string): string {
    let v = this.uids.get(value);
    if (!v) {
      v = `<uid${this.uids.size + 1}>`;
      this.uids.set(value, v);
    }
    return v;
  }

  /** Learns generated names (`generateName` + suffix) before the walk replaces them everywhere. */
  private learn(value: unknown): void {
    if (Array.isArray(value)) for (const v of value) this.learn(v);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      const meta = o.metadata as { name?: unknown; generateName?: unknown } | undefined;
      if (
        meta &&
        typeof meta.name === 'string' &&
        typeof meta.generateName === 'string' &&
        meta.generateName &&
        meta.name.startsWith(meta.generateName) &&
        !this.generated.has(meta.name)
      )
        this.generated.set(meta.name, `${meta.generateName}<gen${this.generated.size + 1}>`);
      for (const v of Object.values(o)) this.learn(v);
    }
  }

  /** A normalised deep copy of a parsed body. */
  value(input: unknown): Json {
    this.learn(input);
    return this.walk(input, '');
  }

  /** Normalised text (kubectl output, messages): generated names and cluster IPs. */
  text(input: string): string {
    let out = input;
    for (const [name, repl] of this.generated) out = out.split(name).join(repl);
    return out.replace(/\b10\.96\.\d{1,3}\.\d{1,3}\b/g, '<clusterIP>');
  }

  private walk(value: unknown, key: string): Json {
    if (Array.isArray(value) && key === 'managedFields')
      return sameSecondOrder(value.map((v) => this.walk(v, key)));
    if (Array.isArray(value)) return value.map((v) => this.walk(v, key));
    if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      const out: Record<string, Json> = {};
      const isTable = o.kind === 'Table' && Array.isArray(o.columnDefinitions);
      const isList = isTable || Array.isArray(o.items);
      for (const [k, v] of Object.entries(o)) {
        if (isTable && k === 'rows') out[k] = this.tableRows(o, v);
        else if (isList && k === 'metadata') out[k] = this.listMeta(v);
        else out[k] = this.walk(v, k);
      }
      return out;
    }
    if (typeof value === 'string') {
      if (key === 'resourceVersion') return this.rv(value);
      if (key === 'uid') return this.uid(value);
      if (key === 'continue' && value) return '<continue>';
      if (TIME.test(value) || MICROTIME_KEYS.has(key)) return '<time>';
      if (CLUSTER_IP.test(value)) return '<clusterIP>';
      return this.generated.get(value) ?? this.text(value);
    }
    return (value ?? null) as Json;
  }

  /** Table cells of an Age column (or any age-like date cell) become `<age>`. */
  private tableRows(table: Record<string, unknown>, rows: unknown): Json {
    const columns = table.columnDefinitions as { name?: string; type?: string }[];
    if (!Array.isArray(rows)) return this.walk(rows, 'rows');
    return rows.map((row) => {
      const r = this.walk(row, 'row') as Record<string, Json>;
      if (Array.isArray(r.cells))
        r.cells = r.cells.map((cell, i) => {
          const dated = columns[i]?.name === 'Age' || columns[i]?.type === 'date';
          return dated && typeof cell === 'string' && AGE.test(cell) ? '<age>' : cell;
        });
      return r;
    });
  }
}

/** Upstream's managed-fields order without the time: operation, manager, apiVersion, subresource. */
function sameSecondOrder(entries: Json[]): Json[] {
  const key = (e: Json): string => {
    const o = (e && typeof e === 'object' && !Array.isArray(e) ? e : {}) as Record<string, Json>;
    return [o.operation, o.manager, o.apiVersion, o.subresource].map((v) => String(v ?? '')).join('\u0000');
  };
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
