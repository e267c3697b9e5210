import { defineConfig } from 'vitest/config';

// The README's test command (`pnpm test`) runs every workspace's tests in one vitest process.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
  },
});
