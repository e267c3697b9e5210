import { readFile } from 'node:fs/promises';
import { parseStackConfig, type StackConfig } from '@hs/topology';
import { parse } from 'yaml';

/**
 * Reads a stack config (YAML or JSON; JSON is YAML) and validates it. Without a file the defaults
 * apply. Validation errors name the offending field (`storage.serverUrl: ...`).
 */
export async function loadStackConfig(
  file: string | undefined,
  overrides: object = {},
): Promise<StackConfig> {
  let input: unknown = {};
  if (file) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot read stack config ${file}: ${error.code ?? error.message}`);
    });
    try {
      input = parse(text) ?? {};
    } catch (error) {
      throw new Error(`stack config ${file} is not valid YAML: ${(error as Error).message}`);
    }
    if (typeof input !== 'object' || Array.isArray(input)) {
      throw new Error(`stack config ${file} must be a mapping`);
    }
  }
  return parseStackConfig({ ...(input as object), ...overrides });
}
