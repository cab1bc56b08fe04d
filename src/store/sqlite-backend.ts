import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import Keyv from 'keyv';
import type { Backend, BackendOptions, MapWrite } from './backend.js';
import { reactionStep, type ReactionChange } from './reaction-step.js';
import { guardBackend, type Classify } from './guard.js';
import { createStoreStatus } from './store-status.js';
import { createKvExpiry } from './kv-expiry.js';
import { systemClock } from '../ports/clock.js';
import { PAPERS_MAP } from './keys.js';
import { createSqliteSearch } from './sqlite-search.js';

/**
 * How long one statement may wait for another process's lock (ms). better-sqlite3 is synchronous,
 * so this wait blocks the event loop: it stays short, and `guard.ts` retries a busy statement with
 * pauses that yield until the operation's bound, then answers "busy".
 */
const BUSY_WAIT_MS = 20;

/**
 * SQLite's result codes (https://www.sqlite.org/rescode.html), extended codes included: BUSY and
 * LOCKED mean another connection holds the lock; FULL a full disk; READONLY a file, folder or mount
 * this process may not write; IOERR the disk failing a read, write or sync.
 */
const classify: Classify = (error) => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return 'busy';
  if (code.startsWith('SQLITE_FULL')) return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  return code.startsWith('SQLITE_IOERR') ? 'disk-error' : undefined;
};

export interface SqliteBackendOptions extends BackendOptions {
  /**
   * Opens the connection (`new Database(path)` by default). Tests hold on to it to set the
   * connection's own limits (`max_page_count`, `query_only`), which make SQLite fail for real.
   */
  connect?: (path: string) => Database.Database;
}

/**
 * SQLite through better-sqlite3: the single-instance default. Statements run synchronously in
 * one process, and `INSERT … ON CONFLICT` keeps the map and lease operations atomic even if two
 * processes open the same file (SQLite's file lock serialises writers).
 *
 * keyv's own SQLite adapter (@keyv/sqlite) needs the separate `sqlite3` native driver; the small
 * Map-like store below lets keyv use the same better-sqlite3 connection instead.
 */
export function createSqliteBackend(path: string, options: SqliteBackendOptions = {}): Backend {
  const clock = options.clock ?? systemClock;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = (options.connect ?? ((file: string) => new Database(file)))(path);
  db.pragma('journal_mode = WAL');
  // Whole-map reads (a leaderboard's vote counts) touch rows spread over the file: keep pages in
  // memory (64 MiB of cache, the file memory-mapped up to 256 MiB) rather than read them per row.
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  db.pragma('busy_timeout = 5000'); // at start only: nothing else is being served yet
  db.exec(`
    CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER);
    CREATE TABLE IF NOT EXISTS map_entries (map TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (map, field));
    CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS claims (name TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS claims_expiry ON claims (expires_at);
    -- Ranks a map of counts (a team's votes per paper) without reading its rows: see mapTopNumbers.
    CREATE INDEX IF NOT EXISTS map_entries_number ON map_entries (map, CAST(value AS INTEGER));
  `);
  // A file this user may only read still opens (SQLite falls back to read-only) and fails at the
  // first write, after the platforms connected: a write that changes nothing finds out now.
  db.prepare('DELETE FROM leases WHERE 0').run();
  addKvExpiry(db);
  const ns = options.namespace ?? 'paperfeed';
  const name = (n: string) => `${ns}:${n}`;
  const search = createSqliteSearch(db, ns, name(PAPERS_MAP));
  db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);
  const q = {
    kvGet: db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?'),
    kvSet: db.prepare(
      'INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
    ),
    kvDelete: db.prepare('DELETE FROM kv WHERE key = ?'),
    kvSweep: db.prepare('DELETE FROM kv WHERE expires_at <= ?'),
    kvClear: db.prepare('DELETE FROM kv WHERE key LIKE ?'),
    get: db.prepare<[string, string], { value: string }>('SELECT value FROM map_entries WHERE map = ? AND field = ?'),
    set: db.prepare(
      'INSERT INTO map_entries (map, field, value) VALUES (?, ?, ?) ON CONFLICT (map, field) DO UPDATE SET value = excluded.value',
    ),
    setIfAbsent: db.prepare(
      'INSERT INTO map_entries (map, field, value) VALUES (?, ?, ?) ON CONFLICT (map, field) DO NOTHING',
    ),
    del: db.prepare('DELETE FROM map_entries WHERE map = ? AND field = ?'),
    // Rows as [field, value] arrays: a whole map can be 20,000 rows, and arrays cost less to build than objects.
    entries: db.prepare<[string], [string, string]>('SELECT field, value FROM map_entries WHERE map = ?').raw(),
    // The ranking runs inside SQLite over the map_entries_number index: the cut is read from the
    // index's first rows, the totals from the index alone, and only rows that can be shown come back.
    top: db
      .prepare<[{ map: string; limit: number }], [string, number]>(
        `SELECT field, CAST(value AS INTEGER) FROM map_entries
      WHERE map = @map AND CAST(value AS INTEGER) >= MAX(1, COALESCE((SELECT CAST(value AS INTEGER) FROM map_entries WHERE map = @map
        ORDER BY CAST(value AS INTEGER) DESC LIMIT 1 OFFSET @limit - 1), 1))
      ORDER BY CAST(value AS INTEGER) DESC`,
      )
      .raw(),
    topTotals: db.prepare<[string], { count: number; sum: number }>(
      'SELECT COUNT(*) AS count, COALESCE(SUM(CAST(value AS INTEGER)), 0) AS sum FROM map_entries WHERE map = ? AND CAST(value AS INTEGER) > 0',
    ),
    clearMaps: db.prepare('DELETE FROM map_entries WHERE map LIKE ?'),
    acquire: db.prepare(`INSERT INTO leases (name, owner, expires_at) VALUES (@name, @owner, @expires)
      ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
      WHERE leases.owner = excluded.owner OR leases.expires_at <= @now`),
    release: db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?'),
    clearLeases: db.prepare('DELETE FROM leases WHERE name LIKE ?'),
    claim: db.prepare(`INSERT INTO claims (name, expires_at) VALUES (@name, @expires)
      ON CONFLICT (name) DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= @now`),
    pruneClaims: db.prepare('DELETE FROM claims WHERE expires_at <= ?'),
    clearClaims: db.prepare('DELETE FROM claims WHERE name LIKE ?'),
  };
  const apply = (w: MapWrite) => {
    if ('delete' in w) q.del.run(name(w.map), w.field);
    else if ('set' in w) q.set.run(name(w.map), w.field, w.set);
    else q.setIfAbsent.run(name(w.map), w.field, w.setIfAbsent);
  };
  const read = (x: { map: string; field: string }) => q.get.get(name(x.map), x.field)?.value;
  // IMMEDIATE takes the write lock first, so a second process sharing the file cannot interleave.
  const batch = db.transaction((writes: readonly MapWrite[]) => writes.forEach(apply));
  const compareAndSet = db.transaction(
    (map: string, field: string, expected: string | undefined, next: string | undefined) => {
      if (read({ map, field }) !== expected) return false;
      apply(next === undefined ? { map, field, delete: true } : { map, field, set: next });
      return true;
    },
  );
  const reaction = db.transaction((change: ReactionChange) => {
    const step = reactionStep(read, change);
    for (const w of step.writes) apply(w.value === undefined ? { ...w, delete: true } : { ...w, set: w.value });
    return step.result;
  });
  const claim = db.transaction((claimed: string, ttlMs: number) => {
    const now = clock.now();
    q.pruneClaims.run(now);
    return q.claim.run({ name: name(claimed), expires: now + ttlMs, now }).changes > 0;
  });
  const readMany = db.transaction((maps: readonly string[]) => maps.map((m) => new Map(q.entries.all(name(m)))));
  const expiry = createKvExpiry((now) => q.kvSweep.run(now), clock);
  const store = {
    get: (key: string) => q.kvGet.get(key)?.value,
    set: async (key: string, value: unknown, ttlMs?: number) => {
      q.kvSet.run(key, typeof value === 'string' ? value : JSON.stringify(value), expiry.expiresAt(ttlMs));
      await expiry.maybeSweep();
    },
    delete: (key: string) => q.kvDelete.run(key).changes > 0,
    clear: () => void q.kvClear.run(`${ns}:%`),
  };
  // throwOnErrors: keyv otherwise reports a failed read as a missing value.
  const kv = new Keyv({ store, namespace: ns, throwOnErrors: true });
  return guardBackend(
    {
      kind: 'sqlite',
      shared: false,
      kv,
      async mapGet(map, field) {
        return q.get.get(name(map), field)?.value;
      },
      async mapSet(map, field, value) {
        q.set.run(name(map), field, value);
      },
      async mapSetIfAbsent(map, field, value) {
        return q.setIfAbsent.run(name(map), field, value).changes > 0;
      },
      async mapDelete(map, field) {
        return q.del.run(name(map), field).changes > 0;
      },
      async mapEntries(map) {
        return new Map(q.entries.all(name(map)));
      },
      async mapGetMany(map, fields) {
        const found = new Map<string, string>();
        // One statement per chunk: SQLite binds at most 32,766 parameters.
        for (let i = 0; i < fields.length; i += 500) {
          const chunk = fields.slice(i, i + 500);
          const rows = db
            .prepare<string[], { field: string; value: string }>(
              `SELECT field, value FROM map_entries WHERE map = ? AND field IN (${chunk.map(() => '?').join(',')})`,
            )
            .all(name(map), ...chunk);
          for (const r of rows) found.set(r.field, r.value);
        }
        return fields.map((f) => found.get(f));
      },
      async mapTopNumbers(map, limit) {
        const totals = q.topTotals.get(name(map))!;
        return { top: q.top.all({ map: name(map), limit: Math.max(1, limit) }), count: totals.count, sum: totals.sum };
      },
      async mapEntriesMany(maps) {
        return readMany(maps);
      },
      async batch(writes) {
        batch.immediate(writes);
      },
      async mapCompareAndSet(map, field, expected, next) {
        return compareAndSet.immediate(map, field, expected, next);
      },
      async applyReaction(change) {
        return reaction.immediate(change);
      },
      async acquireLease(lease, owner, ttlMs) {
        const now = clock.now();
        return q.acquire.run({ name: name(lease), owner, expires: now + ttlMs, now }).changes > 0;
      },
      async releaseLease(lease, owner) {
        q.release.run(name(lease), owner);
      },
      async claimOnce(claimed, ttlMs) {
        return claim.immediate(claimed, ttlMs);
      },
      async putPapers(papers) {
        await search.put(papers);
      },
      async searchPapers(query, limit) {
        return search.search(query, limit);
      },
      async indexStoredPapers(max) {
        return search.indexStored(max);
      },
      async clear() {
        search.clear();
        q.clearMaps.run(`${ns}:%`);
        q.clearLeases.run(`${ns}:%`);
        q.clearClaims.run(`${ns}:%`);
        q.kvClear.run(`${ns}:%`);
      },
      async close() {
        db.close();
      },
    },
    { status: createStoreStatus('sqlite', options.logger, clock.now), classify, timeoutMs: options.timeoutMs, clock },
  );
}

/**
 * A kv table from an earlier version has no `expires_at`: add it, and take each value's expiry
 * from keyv's own record of it (`{"value":…,"expires":ms}`), so rows written before are swept too.
 */
function addKvExpiry(db: Database.Database): void {
  const hasColumn = () =>
    db
      .prepare<[], { name: string }>('PRAGMA table_info(kv)')
      .all()
      .some((c) => c.name === 'expires_at');
  // IMMEDIATE: a second process opening the same file at once waits, then finds the column there.
  const migrate = db.transaction(() => {
    if (hasColumn()) return;
    db.exec(`
      ALTER TABLE kv ADD COLUMN expires_at INTEGER;
      UPDATE kv SET expires_at = json_extract(value, '$.expires')
        WHERE json_valid(value) AND json_type(value, '$.expires') IN ('integer', 'real');
    `);
  });
  if (!hasColumn()) migrate.immediate();
  db.exec('CREATE INDEX IF NOT EXISTS kv_expires ON kv (expires_at) WHERE expires_at IS NOT NULL');
}
