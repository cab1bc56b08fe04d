import { defineConfig } from 'vitest/config';

/**
 * The tests' PostgreSQL connections do not wait for the disk at each commit (`synchronous_commit=off`,
 * sent by node-postgres from the URL's `options`): nothing a test writes must survive a crash of
 * the server, and on a busy machine each commit otherwise waits for a flush. A URL that already
 * says `options` is kept as it is.
 */
function fastCommits(url: string | undefined): Record<string, string> {
  if (!url) return {};
  const u = new URL(url);
  if (!u.searchParams.has('options')) u.searchParams.set('options', '-c synchronous_commit=off');
  return { POSTGRES_URL: u.href };
}

/** `npm test`: everything but the slow end-to-end tests (`*.slow.test.ts`, run by `npm run test:slow`). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.slow.test.ts', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    env: fastCommits(process.env.POSTGRES_URL),
    // Files share a worker and its loaded modules (no per-file re-import of discord.js, Bolt, …:
    // about half the CPU time of the suite). Much of a file's time is spent waiting on real
    // servers, so more workers than the machine's 2 cores overlap those waits.
    pool: 'forks',
    isolate: false,
    maxWorkers: 4,
  },
});
