import { type FSWatcher, watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Directories below the root that can hold objects: `<plural>` and `<plural>/<namespace>`. */
const MAX_DEPTH = 2;

/**
 * Reports paths (relative to the root) touched by anyone, debounced, so hand edits can be adopted.
 * It watches every plural and namespace directory non-recursively (inotify on Linux) and follows
 * directories as they appear and vanish: Node 20's recursive mode misses events in directories
 * created after the watch started. The driver also rescans periodically, as notifications can be
 * lost (queue overflow).
 */
export class ChangeWatcher {
  readonly #watchers = new Map<string, { watcher: FSWatcher; ino: number }>();
  /** Notifications our own renames and unlinks will cause, by relative path, with an expiry. */
  readonly #expected = new Map<string, { count: number; until: number }>();
  #pending = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #firstPending: number | undefined;
  #closed = false;

  constructor(
    private readonly root: string,
    private readonly debounceMs: number,
    private readonly onChanges: (relativePaths: string[]) => void,
  ) {}

  async start(): Promise<void> {
    await this.#follow('');
  }

  /**
   * Announces that we are about to replace or remove `file` ourselves: its next notification
   * (one inotify event per rename or unlink) is ours and is dropped instead of re-read, which would
   * otherwise cost a read and a hash per write. Expectations lapse after two seconds, so a lost
   * notification cannot hide a later hand edit for long.
   */
  expect(file: string): boolean {
    const relative = path.relative(this.root, file);
    // Only a watched directory reports the event; otherwise the expectation would linger.
    if (!this.#watchers.has(path.dirname(relative) === '.' ? '' : path.dirname(relative))) return false;
    const entry = this.#expected.get(relative);
    const until = Date.now() + 2_000;
    if (entry && entry.until > Date.now()) {
      entry.count++;
      entry.until = until;
    } else {
      this.#expected.set(relative, { count: 1, until });
    }
    return true;
  }

  /** Withdraws an expectation whose write failed or did not touch the file. */
  unexpect(file: string): void {
    const relative = path.relative(this.root, file);
    const entry = this.#expected.get(relative);
    if (entry && --entry.count <= 0) this.#expected.delete(relative);
  }

  close(): void {
    this.#closed = true;
    for (const { watcher } of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
    clearTimeout(this.#timer);
  }

  /** Watches `relative` and the object directories below it. */
  async #follow(relative: string): Promise<void> {
    if (this.#closed || this.#watchers.has(relative)) return;
    const depth = relative === '' ? 0 : relative.split(path.sep).length;
    const info = await stat(path.join(this.root, relative)).catch(() => undefined);
    if (!info?.isDirectory() || this.#closed || this.#watchers.has(relative)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(path.join(this.root, relative), { persistent: false }, (_event, filename) => {
        if (filename)
          this.#add(relative === '' ? filename.toString() : path.join(relative, filename.toString()));
      });
    } catch {
      return;
    }
    watcher.on('error', () => this.#unfollow(relative));
    this.#watchers.set(relative, { watcher, ino: info.ino });
    if (depth >= MAX_DEPTH) return;
    const entries = await readdir(path.join(this.root, relative), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) {
        await this.#follow(relative === '' ? entry.name : path.join(relative, entry.name));
      }
    }
  }

  #unfollow(relative: string): void {
    for (const [dir, { watcher }] of this.#watchers) {
      if (dir === relative || dir.startsWith(relative + path.sep)) {
        watcher.close();
        this.#watchers.delete(dir);
      }
    }
  }

  #add(relative: string): void {
    // Driver state, temp files and editor artefacts (swap, lock files) are dot files.
    if (relative.split(path.sep).some((segment) => segment.startsWith('.'))) return;
    const own = this.#expected.get(relative);
    if (own) {
      if (--own.count <= 0) this.#expected.delete(relative);
      if (own.until >= Date.now()) return;
    }
    this.#pending.add(relative);
    // Trailing debounce: wait for a quiet period (a writer truncating then writing produces a
    // burst), but never longer than ten periods after the first notification.
    this.#firstPending ??= Date.now();
    clearTimeout(this.#timer);
    const wait = Math.min(this.debounceMs, this.#firstPending + 10 * this.debounceMs - Date.now());
    this.#timer = setTimeout(
      () => {
        this.#flush().catch((err: unknown) => console.error('storage: file watch failed', err));
      },
      Math.max(0, wait),
    );
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    this.#firstPending = undefined;
    const paths = [...this.#pending];
    this.#pending.clear();
    // A path without the .yaml extension near the top may be a directory that appeared or vanished.
    for (const relative of paths) {
      if (relative.split(path.sep).length > MAX_DEPTH || relative.endsWith('.yaml')) continue;
      const watched = this.#watchers.get(relative);
      if (watched) {
        // Keep a live watch (re-creating it would lose events); drop it when the directory was removed or replaced.
        const info = await stat(path.join(this.root, relative)).catch(() => undefined);
        if (info?.isDirectory() && info.ino === watched.ino) continue;
        this.#unfollow(relative);
      }
      await this.#follow(relative);
    }
    if (!this.#closed) this.onChanges(paths);
  }
}
