import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../src/store/backend.js';
import { createPostgresBackend } from '../src/store/postgres-backend.js';
import { createRedisBackend } from '../src/store/redis-backend.js';
import { createSqliteBackend } from '../src/store/sqlite-backend.js';

/** A store a benchmark runs on: SQLite in a temp dir, Redis and PostgreSQL at REDIS_URL / POSTGRES_URL (or the local defaults). */
export interface BenchBackend {
  name: string;
  shared: boolean;
  /** Why it is skipped: no server answered. */
  skip?: string;
  open(namespace: string): Promise<Backend>;
}

export async function benchBackends(): Promise<BenchBackend[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paperfeed-bench-'));
  const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const postgres = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const out: BenchBackend[] = [
    {
      name: 'sqlite',
      shared: false,
      open: async (ns) => createSqliteBackend(join(dir, `${ns}.sqlite`), { namespace: ns }),
    },
    { name: 'redis', shared: true, open: (ns) => createRedisBackend(redis, { namespace: ns }) },
    { name: 'postgres', shared: true, open: (ns) => createPostgresBackend(postgres, { namespace: ns }) },
  ];
  for (const b of out.slice(1)) {
    try {
      await (await b.open('bench-probe')).close();
    } catch (error) {
      b.skip = `no server (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  return out;
}
