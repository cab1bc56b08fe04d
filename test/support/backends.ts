import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createMemoryBackend, type MemoryBackend } from '../../src/store/memory-backend.js';
import { createSqliteBackend } from '../../src/store/sqlite-backend.js';
import { createRedisBackend } from '../../src/store/redis-backend.js';
import { createPostgresBackend } from '../../src/store/postgres-backend.js';
import type { Backend, BackendOptions } from '../../src/store/backend.js';
import { storedKeys } from './stored-keys.js';

/** A backend under test: `open` gives a fresh, empty namespace; `cleanup` removes it. */
export interface BackendCase {
  name: string;
  /** Why the case is skipped on this machine, if it is. */
  skip?: string;
  /** `options.clock`: when plain values written with a TTL expire. */
  open(namespace?: string, options?: Pick<BackendOptions, 'clock'>): Promise<Backend>;
  /**
   * The keys of plain values (keyv's) that the store holds for `namespace` right now, read from
   * the store itself, past keyv; each with the store's own time to live (ms) where it keeps one
   * (Redis), else null.
   */
  storedKeys(backend: Backend, namespace: string): Promise<Map<string, number | null>>;
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
  const memories = new Map<Backend, MemoryBackend>();
  return [
    {
      name: 'memory',
      open: (ns, o) => {
        const memory = createMemoryBackend({ namespace: ns, ...o });
        memories.set(memory, memory);
        return track(memory);
      },
      storedKeys: async (backend, ns) => {
        const memory = memories.get(backend);
        if (!memory) throw new Error('storedKeys: not a backend this case opened');
        return storedKeys.memory(memory, ns);
      },
      cleanup: closeAll,
    },
    {
      name: 'sqlite',
      open: (ns, o) => {
        dir ??= mkdtempSync(join(tmpdir(), 'paperfeed-'));
        return track(createSqliteBackend(join(dir, 'nested', 'store.sqlite'), { namespace: ns, ...o }));
      },
      storedKeys: (_, ns) => storedKeys.sqlite(join(dir!, 'nested', 'store.sqlite'), ns),
      cleanup: async () => {
        await closeAll();
        if (dir) rmSync(dir, { recursive: true, force: true });
        dir = undefined;
      },
    },
    {
      name: 'redis',
      skip: env.REDIS_URL ? undefined : 'REDIS_URL is not set (CI sets redis://127.0.0.1:6379)',
      open: (ns, o) => track(createRedisBackend(env.REDIS_URL!, { namespace: ns ?? `test-${randomUUID()}`, ...o })),
      storedKeys: (_, ns) => storedKeys.redis(env.REDIS_URL!, ns),
      cleanup: closeAll,
    },
    {
      name: 'postgres',
      skip: env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set (CI sets postgres://postgres@127.0.0.1:5432/test)',
      open: (ns, o) =>
        track(createPostgresBackend(env.POSTGRES_URL!, { namespace: ns ?? `test-${randomUUID()}`, ...o })),
      storedKeys: (_, ns) => storedKeys.postgres(env.POSTGRES_URL!, ns),
      cleanup: closeAll,
    },
  ];
}

/**
 * A store several instances share: `first` is one connection, `another()` opens one more to the
 * same namespace (memory lives in one process, so it is shared as is); each with `options`.
 */
export async function sharedBackend(
  c: BackendCase,
  options?: Pick<BackendOptions, 'clock'>,
): Promise<{ first: Backend; another(): Promise<Backend> }> {
  const ns = `test-${randomUUID()}`;
  const first = await c.open(ns, options);
  return { first, another: async () => (c.name === 'memory' ? first : c.open(ns, options)) };
}
