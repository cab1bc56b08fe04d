import { defineConfig } from 'vitest/config';

/** `npm run test:slow`: end-to-end tests that take minutes (the Dockerfile's stages, spawned processes). */
export default defineConfig({
  test: {
    include: ['test/**/*.slow.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
