import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { renderTopologyFiles, type Topology, writeTopologyFiles } from '@hs/topology';

/**
 * Where a command writes the compose files. `compose/` holds the committed files of the default
 * stack config and is written only without `-c` (with the same content, so the checkout stays
 * clean); a custom stack config goes to `-o` or to `.compose/<projectName>/` (git-ignored).
 */
export function composeDirFor(
  root: string,
  options: { out?: string; configFile?: string; projectName: string },
): string {
  const committed = join(root, 'compose');
  if (options.out !== undefined) {
    const out = resolve(options.out);
    if (options.configFile !== undefined && out === committed) {
      throw new Error(
        `compose/ holds the committed files of the default stack config; write those of ${options.configFile} elsewhere (-o <dir>, or leave -o out for .compose/${options.projectName}/)`,
      );
    }
    return out;
  }
  return options.configFile === undefined ? committed : join(root, '.compose', options.projectName);
}

/**
 * The topology with every build context pointing at the workspace root from `dir`, so that
 * `docker compose build` works wherever the files were written (`..` from compose/).
 */
export function withBuildContext(topology: Topology, root: string, dir: string): Topology {
  const rel = relative(dir, root) || '.';
  const context = isAbsolute(rel) ? rel : rel.split(sep).join('/');
  const services = Object.fromEntries(
    Object.entries(topology.compose.services).map(([name, service]) => [
      name,
      service.build ? { ...service, build: { ...service.build, context } } : service,
    ]),
  );
  return { ...topology, compose: { ...topology.compose, services } };
}

/** Renders and writes the topology's files into `dir`; returns the paths written. */
export async function writeComposeFiles(topology: Topology, root: string, dir: string): Promise<string[]> {
  const files = renderTopologyFiles(withBuildContext(topology, root, dir));
  const written = await writeTopologyFiles(dir, files);
  return written.map((path) => join(dir, path));
}
