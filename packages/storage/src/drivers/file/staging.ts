import path from 'node:path';
import { StorageError } from '@hs/apimachinery';
import type { DriverEvent, Encode, KeyValue, Restamp } from '../../driver.js';
import type { FileChange } from './disk-lane.js';
import type { FileState } from './file-state.js';
import { contentHash, keyToPath, relativePathToKey } from './paths.js';
import { readObjectFile, scanFiles } from './scan.js';

interface Settle<T> {
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

/** A write waiting for the commit lane. */
export type Op =
  | { kind: 'create'; key: string; encode: Encode; done: Settle<KeyValue> }
  | { kind: 'update'; key: string; expected: number; encode: Encode; done: Settle<KeyValue> }
  | {
      kind: 'delete';
      key: string;
      expected: number | undefined;
      done: Settle<{ revision: number; kv: KeyValue }>;
    };

/** A validated change with its revision allocated: what to persist, what to publish, whom to answer. */
export interface Staged {
  /** `file: ''` = nothing to write, only a journal record. */
  change: FileChange;
  event: DriverEvent;
  settle?: () => void;
  fail?: (err: unknown) => void;
}

/**
 * Validates ops against the state and allocates their revisions, in arrival order. A key is staged
 * once per batch; later ops on it are returned to wait for the next batch.
 */
export function stageOps(state: FileState, root: string, ops: Op[]): { staged: Staged[]; deferred: Op[] } {
  const staged: Staged[] = [];
  const deferred: Op[] = [];
  const touched = new Set<string>();
  for (const op of ops) {
    if (touched.has(op.key)) {
      deferred.push(op);
      continue;
    }
    try {
      staged.push(stageOp(state, root, op));
      touched.add(op.key);
    } catch (err) {
      op.done.reject(err);
    }
  }
  return { staged, deferred };
}

function stageOp(state: FileState, root: string, op: Op): Staged {
  const file = keyToPath(root, op.key);
  const current = state.values.get(op.key);
  if (op.kind === 'create' && current) throw new StorageError('KeyExists', op.key);
  if (op.kind !== 'create') {
    if (!current) throw new StorageError('KeyNotFound', op.key);
    if (op.expected !== undefined && op.expected !== current.revision) {
      throw new StorageError('Conflict', op.key, `revision of ${op.key} is ${current.revision}`, {
        revision: current.revision,
      });
    }
  }
  if (op.kind === 'delete') {
    const revision = ++state.allocated;
    const kv = current!;
    return {
      change: { file, value: undefined, record: { k: op.key, r: revision, d: 1 } },
      event: { type: 'delete', revision, kv },
      settle: () => op.done.resolve({ revision, kv }),
      fail: op.done.reject,
    };
  }
  const revision = state.allocated + 1;
  const value = op.encode(revision);
  state.allocated = revision;
  const kv: KeyValue = { key: op.key, value, revision, createRevision: current?.createRevision ?? revision };
  return {
    change: { file, value, record: { k: op.key, r: revision, c: kv.createRevision, h: contentHash(value) } },
    event: current ? { type: 'update', revision, kv, prev: current } : { type: 'create', revision, kv },
    settle: () => op.done.resolve(kv),
    fail: op.done.reject,
  };
}

/**
 * Compares the named paths (object files or directories, '' = the whole root) with the state:
 * every difference, made by hand or by another process, becomes an event with a fresh revision,
 * its value restamped (and the file rewritten when restamping changed it).
 */
export async function stageExternal(
  state: FileState,
  root: string,
  restamp: Restamp,
  relativePaths: string[],
): Promise<Staged[]> {
  const contents = new Map<string, string | undefined>();
  for (const relative of relativePaths) {
    const key = relativePathToKey(relative);
    if (key !== undefined) {
      contents.set(key, await readObjectFile(keyToPath(root, key)));
      continue;
    }
    const segments = relative === '' ? [] : relative.split(path.sep);
    if (segments.length > 2) continue;
    const prefix = segments.length === 0 ? '' : `${segments.join('/')}/`;
    for (const known of state.keys.withPrefix(prefix)) contents.set(known, undefined);
    for (const [k, content] of await scanFiles(root, { dir: relative })) contents.set(k, content);
  }
  const staged: Staged[] = [];
  for (const key of [...contents.keys()].sort()) {
    const content = contents.get(key);
    const current = state.values.get(key);
    const file = keyToPath(root, key);
    if (content === undefined) {
      if (!current) continue;
      const revision = ++state.allocated;
      staged.push({
        change: { file, value: undefined, record: { k: key, r: revision, d: 1 } },
        event: { type: 'delete', revision, kv: current },
      });
      continue;
    }
    if (current && contentHash(content) === state.hashes.get(key)) continue;
    // An empty file is a writer between truncate and write (editors that save in place); its
    // next notification brings the content. An object file is never legitimately empty.
    if (content.trim() === '') continue;
    const revision = ++state.allocated;
    const value = restamp(content, revision);
    const kv: KeyValue = { key, value, revision, createRevision: current?.createRevision ?? revision };
    const record = { k: key, r: revision, c: kv.createRevision, h: contentHash(value) };
    staged.push({
      change: value === content ? { file: '', value: undefined, record } : { file, value, record },
      event: current ? { type: 'update', revision, kv, prev: current } : { type: 'create', revision, kv },
    });
  }
  return staged;
}
