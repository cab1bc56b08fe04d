import type pg from 'pg';
import type { Clock } from '../ports/clock.js';
import { createKvExpiry } from './kv-expiry.js';

/**
 * keyv's storage adapter on the backend's own `pg.Pool`. @keyv/postgres opened a second,
 * module-wide pool with no `error` listener, so a PostgreSQL restart crashed the process; this
 * keeps the same table layout (`key VARCHAR(255) PRIMARY KEY, value TEXT`), so data written by
 * earlier versions is read as before, plus `expires_at` (ms since the epoch) for the sweep of
 * expired values (`kv-expiry.ts`), filled for rows written before from keyv's own
 * `{"value":…,"expires":ms}`.
 */
export const KV_TABLE_SQL = `
CREATE TABLE IF NOT EXISTS paperfeed_kv (key VARCHAR(255) PRIMARY KEY, value TEXT);
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'paperfeed_kv' AND column_name = 'expires_at') THEN
    ALTER TABLE paperfeed_kv ADD COLUMN expires_at BIGINT;
    UPDATE paperfeed_kv SET expires_at = substring(value from '"expires":([0-9]{1,15})[}]$')::bigint
      WHERE value ~ '"expires":[0-9]{1,15}[}]$';
  END IF;
END $$;
CREATE INDEX IF NOT EXISTS paperfeed_kv_expires ON paperfeed_kv (expires_at) WHERE expires_at IS NOT NULL;`;

export function createPgKvStore(pool: pg.Pool, namespace: string, clock?: Clock) {
  const own = `${namespace.replace(/[\\%_]/g, '\\$&')}:%`;
  // Each store sweeps its own namespace only: stores sharing a database keep their own clocks' time.
  const expiry = createKvExpiry(
    (now) => pool.query('DELETE FROM paperfeed_kv WHERE expires_at <= $1 AND key LIKE $2', [now, own]),
    clock,
  );
  return {
    async get(key: string): Promise<string | undefined> {
      const r = await pool.query<{ value: string }>('SELECT value FROM paperfeed_kv WHERE key = $1', [key]);
      return r.rows[0]?.value;
    },
    async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
      await pool.query(
        'INSERT INTO paperfeed_kv (key, value, expires_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
        [key, typeof value === 'string' ? value : JSON.stringify(value), expiry.expiresAt(ttlMs)],
      );
      await expiry.maybeSweep();
    },
    async delete(key: string): Promise<boolean> {
      return ((await pool.query('DELETE FROM paperfeed_kv WHERE key = $1', [key])).rowCount ?? 0) > 0;
    },
    async clear(): Promise<void> {
      await pool.query('DELETE FROM paperfeed_kv WHERE key LIKE $1', [own]);
    },
  };
}
