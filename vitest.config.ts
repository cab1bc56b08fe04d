import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Platform fakes and stores are real servers; keep files isolated but bounded to the 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
