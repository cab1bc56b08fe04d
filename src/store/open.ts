import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import type { Backend, BackendOptions } from './backend.js';
import { createMemoryBackend } from './memory-backend.js';
import { createPostgresBackend } from './postgres-backend.js';
import { createRedisBackend } from './redis-backend.js';
import { createSqliteBackend } from './sqlite-backend.js';

/** Opens the backend named by `STORE_URL`: `sqlite://PATH`, `redis://…`, `postgres://…` or `memory://`. */
export async function openBackend(storeUrl: string, options: BackendOptions = {}): Promise<Backend> {
  const scheme = storeUrl.slice(0, storeUrl.indexOf('://'));
  switch (scheme) {
    case 'memory':
      return createMemoryBackend(options);
    case 'sqlite':
      return createSqliteBackend(sqlitePath(storeUrl), options);
    case 'redis':
    case 'rediss':
      return createRedisBackend(storeUrl, options);
    case 'postgres':
    case 'postgresql':
      return createPostgresBackend(storeUrl, options);
    default:
      throw new ConfigError(`STORE_URL: unsupported scheme "${scheme}"`);
  }
}

/** `sqlite://./data/x.sqlite` is relative to the working directory; `sqlite:///abs/x.sqlite` is absolute. */
export function sqlitePath(storeUrl: string): string {
  const rest = storeUrl.slice('sqlite://'.length);
  if (rest === ':memory:') return rest;
  if (rest.startsWith('/')) return fileURLToPath(`file://${rest}`);
  if (!rest) throw new ConfigError('STORE_URL: sqlite:// needs a file path, e.g. sqlite://./data/paperfeed.sqlite');
  return rest;
}
