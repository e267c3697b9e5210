/**
 * Field paths and sets as server-side apply tracks ownership, with the FieldsV1 wire format of
 * `metadata.managedFields[].fieldsV1`. Follows sigs.k8s.io/structured-merge-diff fieldpath
 * (element.go, set.go, serialize.go): a path element is `f:<field>`, `k:<json of key fields>` (an
 * item of a map-list), `v:<json value>` (an item of a set-list) or `i:<index>`; a set holds member
 * paths; FieldsV1 nests elements and marks a member that also has children with `".": {}`.
 */

/** An encoded path element: `f:name`, `k:{"port":80}`, `v:"x"` or `i:0`. */
export type PathElement = string;
export type FieldPath = readonly PathElement[];

export const fieldElement = (name: string): PathElement => `f:${name}`;

/** `k:{…}` with key fields in name order, as SMD serialises a value.FieldList. */
export function keyElement(fields: Record<string, unknown>): PathElement {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(fields).sort()) sorted[k] = fields[k];
  return `k:${JSON.stringify(sorted)}`;
}

export const valueElement = (value: unknown): PathElement => `v:${JSON.stringify(value)}`;

const encodePath = (path: FieldPath) => JSON.stringify(path);

/** Human form used in conflict messages (element.go String): `.spec.ports[port=80,protocol="TCP"].name`. */
export function pathToString(path: FieldPath): string {
  return path
    .map((pe) => {
      const body = pe.slice(2);
      switch (pe.slice(0, 2)) {
        case 'f:':
          return `.${body}`;
        case 'k:': {
          const fields = JSON.parse(body) as Record<string, unknown>;
          return `[${Object.entries(fields)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(',')}]`;
        }
        case 'v:':
          return `[=${body}]`;
        case 'i:':
          return `[${body}]`;
        default:
          return '{{invalid path element}}';
      }
    })
    .join('');
}

/**
 * An immutable-by-convention set of member paths, keyed by each path's encoding. Set operations
 * reuse the members' keys and (read-only) path arrays instead of encoding paths again: field
 * tracking runs them on every write.
 */
export class FieldSet {
  private readonly members = new Map<string, FieldPath>();

  constructor(paths: Iterable<FieldPath> = []) {
    for (const p of paths) this.insert(p);
  }

  insert(path: FieldPath): this {
    this.members.set(encodePath(path), [...path]);
    return this;
  }

  has(path: FieldPath): boolean {
    return this.members.has(encodePath(path));
  }

  get size(): number {
    return this.members.size;
  }

  isEmpty(): boolean {
    return this.members.size === 0;
  }

  paths(): FieldPath[] {
    return [...this.members.values()];
  }

  union(other: FieldSet): FieldSet {
    if (other.members.size === 0) return this.#select(() => true);
    const out = new FieldSet();
    for (const [key, path] of this.members) out.members.set(key, path);
    for (const [key, path] of other.members) if (!out.members.has(key)) out.members.set(key, path);
    return out;
  }

  difference(other: FieldSet): FieldSet {
    return this.#select((key) => !other.members.has(key));
  }

  intersection(other: FieldSet): FieldSet {
    return this.#select((key) => other.members.has(key));
  }

  /** The members for which `keep` answers true. */
  filter(keep: (path: FieldPath) => boolean): FieldSet {
    return this.#select((_key, path) => keep(path));
  }

  #select(keep: (key: string, path: FieldPath) => boolean): FieldSet {
    const out = new FieldSet();
    for (const [key, path] of this.members) if (keep(key, path)) out.members.set(key, path);
    return out;
  }

  /** This set plus every proper ancestor that is a field (`f:`) path (EnsureNamedFieldsAreMembers). */
  withFieldAncestors(): FieldSet {
    const out = this.#select(() => true);
    for (const p of this.members.values()) {
      for (let i = 1; i < p.length; i++) {
        if ((p[i - 1] as string).startsWith('f:')) out.insert(p.slice(0, i));
      }
    }
    return out;
  }

  equals(other: FieldSet): boolean {
    if (this.size !== other.size) return false;
    for (const key of this.members.keys()) if (!other.members.has(key)) return false;
    return true;
  }

  /** FieldsV1 JSON (serialize.go): nested elements, `{}` leaves, `".": {}` for members with children. */
  toFieldsV1(): Record<string, unknown> {
    interface Node {
      member: boolean;
      children: Map<string, Node>;
    }
    const root: Node = { member: false, children: new Map() };
    for (const p of this.members.values()) {
      let node = root;
      for (const pe of p) {
        let next = node.children.get(pe);
        if (!next) {
          next = { member: false, children: new Map() };
          node.children.set(pe, next);
        }
        node = next;
      }
      node.member = true;
    }
    const emit = (node: Node): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      if (node.member && node.children.size > 0) out['.'] = {};
      // Plain assignment is safe: every key is `.` or carries an `f:`/`k:`/`v:`/`i:` prefix, so none
      // is `__proto__` (insert() and fromFieldsV1 admit no other). defineProperty would turn each
      // object into a slow dictionary-mode one, which cost ~40% of tracking a create.
      for (const key of [...node.children.keys()].sort(compareElements)) {
        out[key] = emit(node.children.get(key) as Node);
      }
      return out;
    };
    return emit(root);
  }

  /** Parses FieldsV1 JSON; throws on a malformed document. */
  static fromFieldsV1(fields: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: unknown, path: PathElement[]) => {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) {
        throw new Error(`expected an object at ${pathToString(path) || '.'}`);
      }
      const keys = Object.keys(node);
      if (keys.length === 0 && path.length > 0) set.insert(path);
      for (const k of keys) {
        if (k === '.') {
          if (path.length > 0) set.insert(path);
          continue;
        }
        if (!/^[fkvi]:/.test(k)) throw new Error(`unknown path element ${JSON.stringify(k)}`);
        walk((node as Record<string, unknown>)[k], [...path, k]);
      }
    };
    walk(fields, []);
    return set;
  }
}

const rank: Record<string, number> = { 'f:': 0, 'k:': 1, 'v:': 2, 'i:': 3 };

/** Orders path elements as SMD does: fields, then keys, values, indexes. */
export function compareElements(a: string, b: string): number {
  const ra = rank[a.slice(0, 2)] ?? 4;
  const rb = rank[b.slice(0, 2)] ?? 4;
  if (ra !== rb) return ra - rb;
  if (ra === 3) return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}
