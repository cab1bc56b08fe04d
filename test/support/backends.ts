import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import { createSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createRedisBackend } from '../../src/store/redis-backend.js';
import { createPostgresBackend } from '../../src/store/postgres-backend.js';
import type { Backend } from '../../src/store/backend.js';

/** A backend under test: `open` gives a fresh, empty namespace; `cleanup` removes it. */
export interface BackendCase {
  name: string;
  /** Why the case is skipped on this machine, if it is. */
  skip?: string;
  open(namespace?: string): Promise<Backend>;
  cleanup(): Promise<void>;
}

/** Memory and SQLite always; Redis and PostgreSQL when REDIS_URL / POSTGRES_URL are set. */
export function backendCases(): BackendCase[] {
  const env = process.env;
  const opened: Backend[] = [];
  const track = async (b: Promise<Backend> | Backend) => {
    const backend = await b;
    opened.push(backend);
    return backend;
  };
  const closeAll = async () => {
    for (const b of opened.splice(0)) {
      await b.clear().catch(() => undefined);
      await b.close().catch(() => undefined);
    }
  };
  let dir: string | undefined;
  return [
    { name: 'memory', open: (ns) => track(createMemoryBackend({ namespace: ns })), cleanup: closeAll },
    {
      name: 'sqlite',
      open: (ns) => {
        dir ??= mkdtempSync(join(tmpdir(), 'paperfeed-'));
        return track(createSqliteBackend(join(dir, 'nested', 'store.sqlite'), { namespace: ns }));
      },
      cleanup: async () => {
        await closeAll();
        if (dir) rmSync(dir, { recursive: true, force: true });
        dir = undefined;
      },
    },
    {
      name: 'redis',
      skip: env.REDIS_URL ? undefined : 'REDIS_URL is not set (CI sets redis://127.0.0.1:6379)',
      open: (ns) => track(createRedisBackend(env.REDIS_URL!, { namespace: ns ?? `test-${randomUUID()}` })),
      cleanup: closeAll,
    },
    {
      name: 'postgres',
      skip: env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set (CI sets postgres://postgres@127.0.0.1:5432/test)',
      open: (ns) => track(createPostgresBackend(env.POSTGRES_URL!, { namespace: ns ?? `test-${randomUUID()}` })),
      cleanup: closeAll,
    },
  ];
}

/**
 * A store several instances share: `first` is one connection, `another()` opens one more to the
 * same namespace (memory lives in one process, so it is shared as is).
 */
export async function sharedBackend(c: BackendCase): Promise<{ first: Backend; another(): Promise<Backend> }> {
  const ns = `test-${randomUUID()}`;
  const first = await c.open(ns);
  return { first, another: async () => (c.name === 'memory' ? first : c.open(ns)) };
}
