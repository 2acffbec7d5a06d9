// `npm run test:electron` only (build/test-electron.mjs): the desktop app driven by Playwright.
// Not one of the default projects in vitest.config.ts, because it needs the Electron runtime.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/electron/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
