import { defineConfig } from 'vitest/config';

/** `npm test`: everything but the slow end-to-end tests (`*.slow.test.ts`, run by `npm run test:slow`). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.slow.test.ts', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Files share a worker and its loaded modules (no per-file re-import of discord.js, Bolt, …:
    // about half the CPU time of the suite). Much of a file's time is spent waiting on real
    // servers, so more workers than the machine's 2 cores overlap those waits.
    pool: 'forks',
    isolate: false,
    maxWorkers: 4,
  },
});
