import { configDefaults, defineConfig } from 'vitest/config';

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
      // Suites that need a real Nacos of their own run only in the real-nacos project.
      exclude: [...configDefaults.exclude, '**/*.real-nacos.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      pool: 'forks',
    },
  });
}
