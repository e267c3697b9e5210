import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MeshConfigError, renderMeshFiles } from './mesh-files.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('renderMeshFiles', () => {
  it('writes one file per key, only when the content changes, and never outside the directory', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mesh-'));
    dirs.push(root);
    const dir = join(root, 'config');
    const data = { mesh: 'trustDomain: cluster.local', meshNetworks: 'networks: {}', '../escape': 'x' };
    const first = await renderMeshFiles(data, dir, root);
    expect(first.map((c) => c.action)).toEqual(['created', 'created']);
    expect((await readdir(dir)).sort()).toEqual(['mesh', 'meshNetworks']);
    expect(await readdir(root)).toEqual(['config']);
    expect(await renderMeshFiles(data, dir, root)).toEqual([]);
    const changed = await renderMeshFiles({ ...data, mesh: 'trustDomain: example.org' }, dir, root);
    expect(changed).toEqual([{ path: join(dir, 'mesh'), action: 'updated' }]);
    expect(await readFile(join(dir, 'mesh'), 'utf8')).toBe('trustDomain: example.org');
  });

  it('refuses a higress-config without mesh, leaving the files as they were', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mesh-'));
    dirs.push(root);
    await expect(renderMeshFiles({ higress: 'x' }, join(root, 'c'), root)).rejects.toThrow(MeshConfigError);
    await expect(renderMeshFiles(undefined, join(root, 'c'), root)).rejects.toThrow(/no `mesh` key/);
    expect(await readdir(root)).toEqual([]);
  });
});
