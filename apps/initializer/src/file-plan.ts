import { randomBytes } from 'node:crypto';
import { chmod, chown, lstat, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, relative } from 'node:path';

export interface PlannedFile {
  content: string | Buffer;
  mode: number;
  /** uid to own the file; applied only when running as root. */
  owner?: number;
  /** Create empty if missing, never overwrite (e.g. an access log). */
  keepExisting?: boolean;
}

export interface PlannedDir {
  mode: number;
  owner?: number;
}

export type Change = { path: string; action: 'created' | 'updated' | 'mode' | 'owner' };

/** Thrown when the output tree cannot be written; the message names the path and the cause. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/**
 * Everything `init` wants on disk, staged in memory first so every validation error surfaces
 * before anything is written. `commit` writes only what differs: each file goes to a temporary
 * sibling first and all of them are renamed into place only after every write succeeded, so a
 * failure leaves the previous files untouched and no half-written file behind.
 */
export class FilePlan {
  readonly files = new Map<string, PlannedFile>();
  readonly dirs = new Map<string, PlannedDir>();

  file(path: string, content: string | Buffer, mode: number, owner?: number): void {
    this.files.set(path, { content, mode, ...(owner === undefined ? {} : { owner }) });
  }

  dir(path: string, mode: number, owner?: number): void {
    this.dirs.set(path, { mode, ...(owner === undefined ? {} : { owner }) });
  }

  ensureFile(path: string, mode: number, owner?: number): void {
    this.files.set(path, {
      content: '',
      mode,
      keepExisting: true,
      ...(owner === undefined ? {} : { owner }),
    });
  }

  async commit(root: string, canChown: boolean): Promise<{ changes: Change[]; skippedChown: number }> {
    const changes: Change[] = [];
    let skippedChown = 0;
    const rel = (p: string) => relative(root, p) || '.';
    const fail = (what: string, path: string, err: unknown): never => {
      throw new OutputError(`cannot ${what} ${rel(path)} under ${root}: ${(err as Error).message}`);
    };

    const applyOwnerAndMode = async (
      path: string,
      want: { mode: number; owner?: number },
      isNew: boolean,
    ) => {
      const st = await lstat(path);
      if ((st.mode & 0o7777) !== want.mode) {
        await chmod(path, want.mode).catch((e) => fail('chmod', path, e));
        if (!isNew) changes.push({ path, action: 'mode' });
      }
      if (want.owner !== undefined && st.uid !== want.owner) {
        if (!canChown) skippedChown++;
        else {
          await chown(path, want.owner, want.owner).catch((e) => fail('chown', path, e));
          if (!isNew) changes.push({ path, action: 'owner' });
        }
      }
    };

    const existed = new Set<string>();
    for (const dir of this.dirs.keys()) {
      if (
        await lstat(dir).then(
          () => true,
          () => false,
        )
      )
        existed.add(dir);
    }
    const parents = new Set<string>([...this.files.keys()].map((p) => dirname(p)));
    for (const dir of [...parents, ...this.dirs.keys()].sort()) {
      await mkdir(dir, { recursive: true, mode: 0o755 }).catch((e) => fail('create directory', dir, e));
    }
    for (const [dir, want] of [...this.dirs].sort(([a], [b]) => a.localeCompare(b))) {
      await applyOwnerAndMode(dir, want, !existed.has(dir));
    }

    // Stage: write every changed file to a temporary sibling.
    const staged: { tmp: string; path: string; want: PlannedFile; existed: boolean }[] = [];
    try {
      for (const [path, want] of this.files) {
        const existing = await readFile(path).catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') return undefined;
          return fail('read', path, e);
        });
        if (existing !== undefined && (want.keepExisting || existing.equals(Buffer.from(want.content))))
          continue;
        const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
        const handle = await open(tmp, 'wx', want.mode).catch((e) => fail('write', path, e));
        try {
          await handle.writeFile(want.content);
          await handle.sync();
        } catch (e) {
          fail('write', path, e);
        } finally {
          await handle.close();
        }
        staged.push({ tmp, path, want, existed: existing !== undefined });
      }
    } catch (err) {
      await Promise.all(staged.map((s) => unlink(s.tmp).catch(() => undefined)));
      throw err;
    }
    // Publish: rename into place (atomic per file), then fix modes and owners.
    for (const s of staged) {
      await chmod(s.tmp, s.want.mode);
      await rename(s.tmp, s.path).catch((e) => fail('replace', s.path, e));
      changes.push({ path: s.path, action: s.existed ? 'updated' : 'created' });
    }
    for (const [path, want] of this.files) {
      await applyOwnerAndMode(
        path,
        want,
        staged.some((s) => s.path === path),
      );
    }
    return { changes, skippedChown };
  }
}
