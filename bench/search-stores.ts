import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Paper } from '../src/model.js';
import { createStores } from '../src/store/index.js';
import { createPostgresBackend } from '../src/store/postgres-backend.js';
import { createRedisBackend } from '../src/store/redis-backend.js';
import type { Backend } from '../src/store/backend.js';
import { ms, percentile } from './machine.js';
import { synthesizeRealistic } from './synth.js';

/**
 * Search on the shared stores, over `n` realistic papers each: PostgreSQL (tsvector + GIN) and
 * Redis with its local index file. Time to store them, and query latency (wall and CPU time of
 * this process), with the search bench's queries. A store with no server is skipped, saying why.
 */
export async function benchSearchStores(
  n: number,
  queriesFrom: (pool: readonly Paper[], k: number) => string[],
): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paperfeed-search-stores-'));
  const ns = `bench-search-${process.pid}`;
  const stores: [string, () => Promise<Backend>][] = [
    [
      'PostgreSQL',
      () =>
        createPostgresBackend(process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test', { namespace: ns }),
    ],
    [
      'Redis + index file',
      () =>
        createRedisBackend(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
          namespace: ns,
          searchIndexPath: join(dir, 'index.sqlite'),
        }),
    ],
  ];
  const papers = [...synthesizeRealistic(n, 5)];
  const queries = queriesFrom(
    papers.filter((_, i) => i % Math.max(1, Math.floor(n / 500)) === 0),
    2000,
  );
  const lines: string[] = [];
  try {
    for (const [name, open] of stores) {
      let backend: Backend;
      try {
        backend = await open();
      } catch (error) {
        lines.push(`search: ${name}: skipped, no server (${error instanceof Error ? error.message : String(error)})`);
        continue;
      }
      try {
        await backend.clear();
        const store = createStores(backend).papers;
        await store.indexStored();
        const t0 = performance.now();
        for (let i = 0; i < papers.length; i += 2000) await store.remember(papers.slice(i, i + 2000));
        const storeMs = performance.now() - t0;
        const wall: number[] = [];
        const cpu: number[] = [];
        for (const q of queries) {
          const t = performance.now();
          const c = process.cpuUsage();
          await store.search(q, 10);
          const used = process.cpuUsage(c);
          cpu.push((used.user + used.system) / 1000);
          wall.push(performance.now() - t);
        }
        lines.push(
          `search: ${name}, ${n.toLocaleString('en')} papers stored in ${ms(storeMs)} (${ms(storeMs / (n / 2000))} per 2,000); queries p50 ${ms(percentile(wall, 50))}, p99 ${ms(percentile(wall, 99))} (CPU here p50 ${ms(percentile(cpu, 50))}, p99 ${ms(percentile(cpu, 99))})`,
        );
      } finally {
        await backend.clear().catch(() => undefined);
        await backend.close();
      }
    }
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
