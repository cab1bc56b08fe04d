import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import type { Backend, BackendOptions } from './backend.js';

/**
 * Opens the backend named by `STORE_URL`: `sqlite://PATH`, `redis://…`, `postgres://…` or `memory://`.
 * Each driver is imported only when its scheme is configured: loading @redis/client, pg and
 * better-sqlite3 together costs about 0.25 s of start-up and slows everything after it.
 */
export async function openBackend(storeUrl: string, options: BackendOptions = {}): Promise<Backend> {
  const scheme = storeUrl.slice(0, storeUrl.indexOf('://'));
  switch (scheme) {
    case 'memory':
      return (await import('./memory-backend.js')).createMemoryBackend(options);
    case 'sqlite': {
      const path = sqlitePath(storeUrl);
      return openSqlite((await import('./sqlite-backend.js')).createSqliteBackend, path, options);
    }
    case 'redis':
    case 'rediss':
      return (await import('./redis-backend.js')).createRedisBackend(storeUrl, options);
    case 'postgres':
    case 'postgresql':
      return (await import('./postgres-backend.js')).createPostgresBackend(storeUrl, options);
    default:
      throw new ConfigError(`STORE_URL: unsupported scheme "${scheme}"`);
  }
}

/**
 * A SQLite file that cannot be opened or written is a configuration problem (exit code 2): say
 * which file and what to do, rather than better-sqlite3's bare "file is not a database" (or
 * "attempt to write a readonly database" later, once the platforms are connected).
 */
function openSqlite(
  create: (path: string, options: BackendOptions) => Backend,
  path: string,
  options: BackendOptions,
): Backend {
  try {
    return create(path, options);
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new ConfigError(
        `STORE_URL: ${path} is not a readable SQLite database (corrupt or another kind of file); restore it from a backup or point STORE_URL at a new file`,
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    if (code.startsWith('SQLITE_READONLY')) {
      throw new ConfigError(
        `STORE_URL: ${path} is read-only for this user (${message}); make the file and its folder writable by the user running paperfeed, or point STORE_URL at a writable file`,
      );
    }
    const reason = !code || message.startsWith(code) ? message : `${code}: ${message}`;
    throw new ConfigError(
      `STORE_URL: cannot open ${path} for writing (${reason}); check that its folder exists and is writable by this user`,
    );
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
