/**
 * A small filesystem for the file store, so the soak can fill the disk and free it again: a
 * 64 MiB tmpfs mounted on the store's directory. Mounting needs root; elsewhere `mountSmallDisk`
 * says why it could not, and the soak runs without the disk-full fault.
 */
import { execFileSync } from 'node:child_process';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface SmallDisk {
  /** Writes a filler file until the filesystem is full. */
  fill(): Promise<void>;
  /** Removes the filler. */
  free(): Promise<void>;
  unmount(): void;
}

export function mountSmallDisk(dir: string): SmallDisk | string {
  if (process.platform !== 'linux') return 'disk-full fault skipped: tmpfs mounts are Linux only';
  if (process.getuid?.() !== 0) return 'disk-full fault skipped: mounting a tmpfs needs root';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    return `disk-full fault skipped: mount failed: ${(err as Error).message.split('\n')[0]}`;
  }
  const filler = join(dir, '.soak-filler');
  return {
    async fill() {
      const file = await open(filler, 'w');
      const chunk = Buffer.alloc(1024 * 1024);
      try {
        for (;;) await file.write(chunk);
      } catch {
        // ENOSPC: full
      } finally {
        await file.close();
      }
    },
    free: () => rm(filler, { force: true }),
    unmount: () => {
      execFileSync('umount', [dir], { stdio: 'pipe' });
    },
  };
}
