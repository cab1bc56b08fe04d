import Keyv from 'keyv';
import pg from 'pg';
import type { Backend, BackendOptions, MapWrite } from './backend.js';
import { REACTION_FUNCTION_SQL } from './pg-reaction.js';
import { reactionRowFields, voteFields } from './reaction-step.js';
import { guardBackend, type Classify } from './guard.js';
import { createPgKvStore, KV_TABLE_SQL } from './pg-kv-store.js';
import { createStoreStatus } from './store-status.js';
import { systemClock } from '../ports/clock.js';
import { MIGRATIONS_MAP, PAPERS_MAP } from './keys.js';
import { createPgSearch, PG_SEARCH_SQL } from './pg-search.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS paperfeed_map (map TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (map, field));
-- A value that is a whole number, as a number: ranks a map of counts (a team's votes per paper)
-- from an index, without reading or casting its rows (mapTopNumbers).
ALTER TABLE paperfeed_map ADD COLUMN IF NOT EXISTS num BIGINT GENERATED ALWAYS AS (CASE WHEN value ~ '^-?[0-9]{1,18}$' THEN value::bigint END) STORED;
CREATE INDEX IF NOT EXISTS paperfeed_map_num ON paperfeed_map (map, num DESC) WHERE num IS NOT NULL;
CREATE TABLE IF NOT EXISTS paperfeed_lease (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL);
CREATE TABLE IF NOT EXISTS paperfeed_claim (name TEXT PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL);
CREATE INDEX IF NOT EXISTS paperfeed_claim_expiry ON paperfeed_claim (expires_at);
${KV_TABLE_SQL}
${REACTION_FUNCTION_SQL}
${PG_SEARCH_SQL}`;

/**
 * The server is unreachable, restarting or killed our session: SQLSTATE class 08 (connection
 * exception), 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now), socket errors, and
 * pg's own messages for a dead connection or a pool that could not connect in time.
 */
const classify: Classify = (error) => {
  const code = (error as { code?: unknown } | null)?.code;
  if (
    typeof code === 'string' &&
    (/^08|^57P0[123]$/.test(code) || /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)$/.test(code))
  )
    return 'down';
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection error|timeout exceeded when trying to connect|Connection refused/i.test(
    message,
  )
    ? 'down'
    : undefined;
};

/** An arbitrary fixed key: serialises schema creation when several instances start at once. */
const SCHEMA_LOCK = 725_001;

/**
 * PostgreSQL: shareable by several instances. One pool serves everything: plain values (keyv over
 * `pg-kv-store.ts`), maps and leases (rows updated with `INSERT … ON CONFLICT`; lease expiry uses
 * the server's clock). A dropped connection is replaced by the pool on the next query.
 */
export async function createPostgresBackend(url: string, options: BackendOptions = {}): Promise<Backend> {
  const ns = options.namespace ?? 'paperfeed';
  const clock = options.clock ?? systemClock;
  const status = createStoreStatus('postgres', options.logger, clock.now);
  const pool = new pg.Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 5000, keepAlive: true });
  // An idle client died (a restart, pg_terminate_backend): the pool drops it and connects anew on
  // the next query. Unhandled, this event would crash the process.
  pool.on('error', (error) => status.failed('down', error));
  const conn = await pool.connect();
  try {
    await conn.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
    await conn.query(SCHEMA);
    await conn.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]);
  } finally {
    conn.release();
  }
  // throwOnErrors: keyv otherwise reports a failed read as a missing value.
  const kv = new Keyv({ store: createPgKvStore(pool, ns, clock), namespace: ns, throwOnErrors: true });
  const name = (n: string) => `${ns}:${n}`;
  const rows = async <T extends pg.QueryResultRow>(sql: string, values: unknown[]) =>
    (await pool.query<T>(sql, values)).rows;

  const UPSERT =
    'INSERT INTO paperfeed_map (map, field, value) VALUES ($1, $2, $3) ON CONFLICT (map, field) DO UPDATE SET value = excluded.value';
  const apply = (c: pg.PoolClient, w: MapWrite) =>
    'delete' in w
      ? c.query('DELETE FROM paperfeed_map WHERE map = $1 AND field = $2', [name(w.map), w.field])
      : 'set' in w
        ? c.query(UPSERT, [name(w.map), w.field, w.set])
        : c.query('INSERT INTO paperfeed_map (map, field, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
            name(w.map),
            w.field,
            w.setIfAbsent,
          ]);
  /** Runs `work` in one transaction. */
  async function transaction<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const result = await work(c);
      await c.query('COMMIT');
      return result;
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      c.release();
    }
  }
  const search = createPgSearch(pool, name(PAPERS_MAP), name(MIGRATIONS_MAP));
  return guardBackend(
    {
      kind: 'postgres',
      shared: true,
      kv,
      async mapGet(map, field) {
        const r = await rows<{ value: string }>('SELECT value FROM paperfeed_map WHERE map = $1 AND field = $2', [
          name(map),
          field,
        ]);
        return r[0]?.value;
      },
      async mapSet(map, field, value) {
        await pool.query(
          'INSERT INTO paperfeed_map (map, field, value) VALUES ($1, $2, $3) ON CONFLICT (map, field) DO UPDATE SET value = excluded.value',
          [name(map), field, value],
        );
      },
      async mapSetIfAbsent(map, field, value) {
        const r = await pool.query(
          'INSERT INTO paperfeed_map (map, field, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [name(map), field, value],
        );
        return (r.rowCount ?? 0) > 0;
      },
      async mapDelete(map, field) {
        const r = await pool.query('DELETE FROM paperfeed_map WHERE map = $1 AND field = $2', [name(map), field]);
        return (r.rowCount ?? 0) > 0;
      },
      async mapEntries(map) {
        const r = await rows<{ field: string; value: string }>(
          'SELECT field, value FROM paperfeed_map WHERE map = $1',
          [name(map)],
        );
        return new Map(r.map((x) => [x.field, x.value]));
      },
      async mapGetMany(map, fields) {
        if (fields.length === 0) return [];
        const r = await rows<{ field: string; value: string }>(
          'SELECT field, value FROM paperfeed_map WHERE map = $1 AND field = ANY($2::text[])',
          [name(map), fields],
        );
        const found = new Map(r.map((x) => [x.field, x.value]));
        return fields.map((f) => found.get(f));
      },
      async mapTopNumbers(map, limit) {
        // From the index on (map, num): the totals read the index only, the top stops at the cut.
        const [totals, top] = await Promise.all([
          rows<{ count: string; sum: string }>(
            'SELECT count(*) AS count, coalesce(sum(num), 0) AS sum FROM paperfeed_map WHERE map = $1 AND num > 0',
            [name(map)],
          ),
          rows<{ field: string; n: string }>(
            'SELECT field, num AS n FROM paperfeed_map WHERE map = $1 AND num > 0 ORDER BY num DESC FETCH FIRST $2 ROWS WITH TIES',
            [name(map), Math.max(1, limit)],
          ),
        ]);
        return {
          top: top.map((x) => [x.field, Number(x.n)]),
          count: Number(totals[0]?.count ?? 0),
          sum: Number(totals[0]?.sum ?? 0),
        };
      },
      async mapEntriesMany(maps) {
        if (maps.length === 0) return [];
        const r = await rows<{ map: string; field: string; value: string }>(
          'SELECT map, field, value FROM paperfeed_map WHERE map = ANY($1::text[])',
          [maps.map(name)],
        );
        const byMap = new Map(maps.map((m) => [name(m), new Map<string, string>()]));
        for (const x of r) byMap.get(x.map)?.set(x.field, x.value);
        return maps.map((m) => byMap.get(name(m))!);
      },
      async batch(writes) {
        if (writes.length === 0) return;
        await transaction(async (c) => {
          for (const w of writes) await apply(c, w);
        });
      },
      async mapCompareAndSet(map, field, expected, next) {
        // One conditional statement each, so no other writer (a plain delete) can slip in between.
        const [m, f] = [name(map), field];
        if (expected === undefined && next === undefined) {
          return (await rows('SELECT 1 FROM paperfeed_map WHERE map = $1 AND field = $2', [m, f])).length === 0;
        }
        const r =
          expected === undefined
            ? await pool.query(
                'INSERT INTO paperfeed_map (map, field, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
                [m, f, next],
              )
            : next === undefined
              ? await pool.query('DELETE FROM paperfeed_map WHERE map = $1 AND field = $2 AND value = $3', [
                  m,
                  f,
                  expected,
                ])
              : await pool.query('UPDATE paperfeed_map SET value = $4 WHERE map = $1 AND field = $2 AND value = $3', [
                  m,
                  f,
                  expected,
                  next,
                ]);
        return (r.rowCount ?? 0) > 0;
      },
      async applyReaction(change) {
        const row = reactionRowFields(change);
        // The voter's keys are known only inside the function: name them for voter '' and pass the
        // own-votes prefix.
        const f = voteFields(change, '');
        const r = await rows<{ r: number[] }>(
          'SELECT paperfeed_react($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) AS r',
          [
            name(row.reaction.map),
            row.reaction.field,
            name(f.refs.map),
            name(f.vote.map),
            name(f.count.map),
            change.paperId,
            String(change.order),
            change.present,
            String(change.at),
            name(f.voterCount.map),
            name(f.mine.map),
            name(row.link.map),
            change.identity,
            row.clears[0]!.field,
            row.clears[1]!.field,
          ],
        );
        const [stale, delta] = r[0]!.r;
        return { stale: stale === 1, voteDelta: delta as -1 | 0 | 1 };
      },
      async acquireLease(lease, owner, ttlMs) {
        const r = await pool.query(
          `INSERT INTO paperfeed_lease (name, owner, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE paperfeed_lease.owner = excluded.owner OR paperfeed_lease.expires_at <= now()`,
          [name(lease), owner, Math.ceil(ttlMs)],
        );
        return (r.rowCount ?? 0) > 0;
      },
      async releaseLease(lease, owner) {
        await pool.query('DELETE FROM paperfeed_lease WHERE name = $1 AND owner = $2', [name(lease), owner]);
      },
      async claimOnce(claimed, ttlMs) {
        // One round trip: expired claims are pruned as it goes (SKIP LOCKED: instances pruning at
        // the same moment skip each other's rows rather than wait or deadlock), on the server's clock.
        const r = await pool.query(
          `WITH pruned AS (DELETE FROM paperfeed_claim WHERE name IN (SELECT name FROM paperfeed_claim
             WHERE expires_at <= now() AND name <> $1 LIMIT 100 FOR UPDATE SKIP LOCKED))
           INSERT INTO paperfeed_claim (name, expires_at) VALUES ($1, now() + $2 * interval '1 millisecond')
           ON CONFLICT (name) DO UPDATE SET expires_at = excluded.expires_at WHERE paperfeed_claim.expires_at <= now()`,
          [name(claimed), Math.ceil(ttlMs)],
        );
        return (r.rowCount ?? 0) > 0;
      },
      putPapers: (papers) => search.put(papers),
      searchPapers: (query, limit) => search.search(query, limit),
      indexStoredPapers: (max) => search.indexStored(max),
      async clear() {
        search.reset();
        const pattern = `${ns.replace(/[\\%_]/g, '\\$&')}:%`;
        await pool.query('DELETE FROM paperfeed_map WHERE map LIKE $1', [pattern]);
        await pool.query('DELETE FROM paperfeed_lease WHERE name LIKE $1', [pattern]);
        await pool.query('DELETE FROM paperfeed_claim WHERE name LIKE $1', [pattern]);
        await kv.clear();
      },
      async close() {
        await pool.end();
      },
    },
    { status, classify, timeoutMs: options.timeoutMs, clock },
  );
}
