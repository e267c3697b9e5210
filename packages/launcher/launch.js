// What every app's bin runs. Bins are committed so that `pnpm install` can link them before any
// build; this file is plain JavaScript for the same reason. In a checkout (src/ and tsx present) a
// bin runs its TypeScript source in this process through tsx, resolving the workspace packages to
// their sources (the `@hs/source` export condition); in an image or a published package it runs
// the built file under dist/.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

/**
 * Runs `<package>/src/<name>.ts` in a checkout, `<package>/dist/<name>.js` otherwise, where
 * `binUrl` is the calling bin's `import.meta.url` (the bin sits in `<package>/bin/`).
 */
export async function launch(binUrl, name) {
  const source = new URL(`../src/${name}.ts`, binUrl);
  const tsxApi = (() => {
    try {
      return import.meta.resolve('tsx/esm/api');
    } catch {
      return undefined;
    }
  })();
  if (existsSync(source) && tsxApi) {
    const addCondition =
      'export const resolve = (s, c, next) => next(s, { ...c, conditions: [...c.conditions, "@hs/source"] });';
    register(`data:text/javascript,${encodeURIComponent(addCondition)}`);
    (await import(tsxApi)).register();
    await import(source.href);
  } else {
    await import(new URL(`../dist/${name}.js`, binUrl).href);
  }
}
