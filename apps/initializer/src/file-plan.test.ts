import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FilePlan, OutputError } from './file-plan.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function temp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'plan-'));
  dirs.push(d);
  return d;
}

describe('FilePlan', () => {
  it('publishes nothing when one file cannot be written, and leaves no temporary file', async () => {
    const root = await temp();
    await writeFile(join(root, 'a.txt'), 'old');
    await mkdir(join(root, 'b.txt')); // a directory where a file is planned
    const plan = new FilePlan();
    plan.file(join(root, 'a.txt'), 'new', 0o644);
    plan.file(join(root, 'b.txt'), 'x', 0o644);
    await expect(plan.commit(root, false)).rejects.toThrow(OutputError);
    await expect(plan.commit(root, false)).rejects.toThrow(/cannot read b\.txt under/);
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('old');
    expect((await readdir(root)).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('skips chown when not allowed, counting what it skipped, and fixes modes in place', async () => {
    const root = await temp();
    const plan = new FilePlan();
    plan.file(join(root, 'k.pem'), 'key', 0o600, 4242);
    plan.dir(join(root, 'data'), 0o755, 4242);
    const first = await plan.commit(root, false);
    expect(first.skippedChown).toBe(2);
    expect((await stat(join(root, 'k.pem'))).uid).toBe(process.getuid?.());
    expect((await stat(join(root, 'k.pem'))).mode & 0o777).toBe(0o600);
    await chmod(join(root, 'k.pem'), 0o644);
    const second = await plan.commit(root, false);
    expect(second.changes).toEqual([{ path: join(root, 'k.pem'), action: 'mode' }]);
    expect((await stat(join(root, 'k.pem'))).mode & 0o777).toBe(0o600);
  });

  it('creates a keep-existing file empty once and never truncates it', async () => {
    const root = await temp();
    const plan = new FilePlan();
    plan.ensureFile(join(root, 'log', 'access.log'), 0o644);
    await plan.commit(root, false);
    await writeFile(join(root, 'log', 'access.log'), 'line\n');
    expect((await plan.commit(root, false)).changes).toEqual([]);
    expect(await readFile(join(root, 'log', 'access.log'), 'utf8')).toBe('line\n');
  });
});
