import { join } from 'node:path';
import { generateTopology, renderTopologyFiles, type StackConfig, writeTopologyFiles } from '@hs/topology';

/** `compose generate`: writes docker-compose.yml, .env and env/*.env for the config into `outDir`. */
export async function composeGenerate(config: StackConfig, outDir: string): Promise<string[]> {
  const written = await writeTopologyFiles(outDir, renderTopologyFiles(generateTopology(config)));
  return written.map((path) => join(outDir, path));
}
