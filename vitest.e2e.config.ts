import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the real server (one per test file) driven by Debian's Chromium through
 * playwright-core, with axe-core on every page. Run with `npx vitest run --config vitest.e2e.config.ts`.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    pool: 'forks',
    // Each file starts its own server and browser: one file at a time keeps the machine calm.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
});
