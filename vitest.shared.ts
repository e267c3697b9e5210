import { defineConfig } from 'vitest/config';

/**
 * One vitest configuration for every workspace: resolve workspace packages to their TypeScript
 * source through the `@hs/source` export condition, so tests run without a prior build.
 */
export function workspaceTestConfig(name: string) {
  return defineConfig({
    resolve: { conditions: ['@hs/source'] },
    ssr: { resolve: { conditions: ['@hs/source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      pool: 'forks',
    },
  });
}
