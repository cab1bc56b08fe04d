import { defineConfig } from 'vitest/config';

/** `npm test`: everything but the slow end-to-end tests (`*.slow.test.ts`, run by `npm run test:slow`). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.slow.test.ts', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Platform fakes and stores are real servers; keep files isolated but bounded to the 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
