#!/usr/bin/env node
// The package's bin, committed so that `pnpm install` can link it before any build. In a checkout
// (src/ and tsx present) it runs the TypeScript source in this process through tsx, resolving the
// workspace packages to their sources (the `@hs/source` export condition); in an image or a
// published package it runs the built dist/main.js.
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const source = new URL('../src/main.ts', import.meta.url);
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
  await import(new URL('../dist/main.js', import.meta.url).href);
}
