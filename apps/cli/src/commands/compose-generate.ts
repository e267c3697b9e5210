import { generateTopology, type StackConfig } from '@hs/topology';
import { writeComposeFiles } from '../compose-dir.js';

/** `compose generate`: writes docker-compose.yml, .env and env/*.env for the config into `outDir`. */
export async function composeGenerate(config: StackConfig, root: string, outDir: string): Promise<string[]> {
  return writeComposeFiles(generateTopology(config), root, outDir);
}
