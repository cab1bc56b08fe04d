import type pg from 'pg';

/**
 * keyv's storage adapter on the backend's own `pg.Pool`. @keyv/postgres opened a second,
 * module-wide pool with no `error` listener, so a PostgreSQL restart crashed the process; this
 * keeps the same table layout (`key VARCHAR(255) PRIMARY KEY, value TEXT`), so data written by
 * earlier versions is read as before.
 */
export const KV_TABLE_SQL = 'CREATE TABLE IF NOT EXISTS paperfeed_kv (key VARCHAR(255) PRIMARY KEY, value TEXT);';

export function createPgKvStore(pool: pg.Pool, namespace: string) {
  return {
    async get(key: string): Promise<string | undefined> {
      const r = await pool.query<{ value: string }>('SELECT value FROM paperfeed_kv WHERE key = $1', [key]);
      return r.rows[0]?.value;
    },
    async set(key: string, value: unknown): Promise<void> {
      await pool.query(
        'INSERT INTO paperfeed_kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, typeof value === 'string' ? value : JSON.stringify(value)],
      );
    },
    async delete(key: string): Promise<boolean> {
      return ((await pool.query('DELETE FROM paperfeed_kv WHERE key = $1', [key])).rowCount ?? 0) > 0;
    },
    async clear(): Promise<void> {
      await pool.query('DELETE FROM paperfeed_kv WHERE key LIKE $1', [`${namespace.replace(/[\\%_]/g, '\\$&')}:%`]);
    },
  };
}
