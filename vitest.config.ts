import { defineConfig } from 'vitest/config';
import { realNacosProjects } from './vitest.real-nacos.js';

// The README's test command (`pnpm test`) runs every workspace's tests in one vitest process, then
// the Nacos suites again against a real Nacos when one can be started (vitest.real-nacos.ts).
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', ...realNacosProjects()],
  },
});
