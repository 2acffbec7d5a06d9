import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
      },
      {
        // Every store test on SQLite (in this thread and in its worker thread) and on a real PostgreSQL (test/helpers/storeBackends.ts).
        extends: true,
        test: { name: 'conformance', include: ['test/conformance/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        // One real Chromium at a time: the machine has two cores.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // A screen that needs longer than a second to settle on a busy 2-core machine is not
          // wrong; what the user would notice (minutes) is what the test timeout catches.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
