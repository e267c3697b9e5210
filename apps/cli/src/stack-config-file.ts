import { readFile } from 'node:fs/promises';
import { parseStackConfig, type StackConfig } from '@hs/topology';
import { parse } from 'yaml';

/** `position N` in a JSON.parse message → `line L column C` of `text`. */
function jsonWhere(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match || /line \d+/.test(message)) return message;
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line} column ${column})`;
}

/**
 * The file's content as written (YAML, or JSON for a `.json` file, whose syntax errors are
 * reported as JSON errors with line and column), before validation and defaults.
 */
export async function readStackConfigInput(file: string): Promise<Record<string, unknown>> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read stack config ${file}: ${error.code ?? error.message}`);
  });
  let input: unknown;
  if (file.toLowerCase().endsWith('.json')) {
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new Error(`stack config ${file} is not valid JSON: ${jsonWhere(text, (error as Error).message)}`);
    }
  } else {
    try {
      input = parse(text) ?? {};
    } catch (error) {
      throw new Error(`stack config ${file} is not valid YAML: ${(error as Error).message}`);
    }
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error(`stack config ${file} must be a mapping`);
  }
  return input as Record<string, unknown>;
}

/**
 * Reads a stack config (YAML or JSON) and validates it. Without a file the defaults apply.
 * Validation errors name the offending field (`storage.serverUrl: ...`), unknown keys included.
 */
export async function loadStackConfig(
  file: string | undefined,
  overrides: object = {},
): Promise<StackConfig> {
  const input = file ? await readStackConfigInput(file) : {};
  return parseStackConfig({ ...input, ...overrides });
}
