// Shared by this package's bins, committed so that `pnpm install` can link them before any build.
// In a checkout (src/ and tsx present) a bin runs its TypeScript source in this process through tsx,
// resolving the workspace packages to their sources (the `@hs/source` export condition); in an
// image or a published package it runs the built file under dist/.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

/** Runs `src/<name>.ts` in a checkout, `dist/<name>.js` otherwise. */
export async function launch(name) {
  const source = new URL(`../src/${name}.ts`, import.meta.url);
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
    await import(new URL(`../dist/${name}.js`, import.meta.url).href);
  }
}
