/*
 * The search index of a Redis store, in a local SQLite file (`SEARCH_INDEX_PATH`): the same
 * on-disk index as a SQLite store (`sqlite-search.ts`) over a local copy of the papers, so a
 * process neither loads the papers at start nor keeps their index in memory. Redis stays the
 * store of record: every paper write also appends the paper's id to a log in Redis (a sorted set
 * scored by a counter, in the same Lua step), and each process brings its file up to date from
 * that log before it searches, so papers another instance stored are found too. A new file (or
 * one made for another store) starts with a pass over the whole papers hash (HSCAN, a page per
 * warm-up step, its cursor kept in the file, so a restart resumes), after noting where the log
 * stood.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RedisClientType } from '@redis/client';
import type { Paper } from '../model.js';
import type { IndexStep } from './backend.js';
import { PAPERS_MAP } from './keys.js';
import type { PaperOperations } from './process-index.js';
import { createSqliteSearch } from './sqlite-search.js';

// The plain client the backend makes (no modules or scripts, RESP2).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type Client = RedisClientType<{}, {}, {}, 2, {}>;

/** Log entries applied before a search (another instance's 2,000-paper announcement), in slices... */
const SYNC_BEFORE_SEARCH = 2000;
/** ...of this many, one local transaction each, the event loop free between them. */
const SYNC_SLICE = 250;

/** ARGV: (id, json, arXiv-only 1/0) per paper. Writes each paper, logs it, and answers the ids written. */
const PUT_PAPERS = `
local written = {}
for i = 1, #ARGV, 3 do
  local id = ARGV[i]
  if ARGV[i + 2] == '0' or redis.call('HEXISTS', KEYS[1], id) == 0 then
    redis.call('HSET', KEYS[1], id, ARGV[i + 1])
    redis.call('ZADD', KEYS[3], redis.call('INCR', KEYS[2]), id)
    written[#written + 1] = id
  end
end
return written`;

interface Mirror {
  source: string;
  seq: number;
  /** The HSCAN cursor of the first pass; NULL once it is done. */
  scan: string | null;
}

/**
 * The paper operations of a Redis store whose index is the local file at `path`; `source` names the
 * store and namespace (no password), so a file made for another one starts over.
 */
export function createRedisSearch(
  client: Client,
  key: (name: string) => string,
  path: string,
  source: string,
): PaperOperations & { close(): void } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 1000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS map_entries (map TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (map, field));
    CREATE TABLE IF NOT EXISTS search_mirror (ns TEXT PRIMARY KEY, source TEXT NOT NULL, seq INTEGER NOT NULL, scan TEXT);
  `);
  const NS = 'local';
  const search = createSqliteSearch(db, NS, `${NS}:papers`);
  const q = {
    get: db.prepare<[], Mirror>(`SELECT source, seq, scan FROM search_mirror WHERE ns = '${NS}'`),
    set: db.prepare(`INSERT INTO search_mirror (ns, source, seq, scan) VALUES ('${NS}', @source, @seq, @scan)
      ON CONFLICT (ns) DO UPDATE SET source = excluded.source, seq = excluded.seq, scan = excluded.scan`),
  };
  const papers = key(PAPERS_MAP);
  const [seqKey, logKey] = [key('paper-log:seq'), key('paper-log')];
  const mirror = (): Mirror => {
    const m = q.get.get();
    if (m?.source === source) return m;
    search.clear();
    const fresh = { source, seq: -1, scan: '0' };
    q.set.run(fresh);
    return fresh;
  };
  mirror(); // a file made for another store starts over now, before anything is written to it
  const parse = (values: (string | null)[]) => values.flatMap((v) => (v === null ? [] : [JSON.parse(v) as Paper]));

  /** Applies up to `max` log entries after the file's position, a slice at a time; how many it applied. */
  async function sync(max: number): Promise<number> {
    let applied = 0;
    for (;;) {
      const step = await syncSlice(Math.min(SYNC_SLICE, max - applied));
      applied += step;
      if (step < SYNC_SLICE || applied >= max) return applied;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async function syncSlice(max: number): Promise<number> {
    const m = mirror();
    if (m.scan !== null) return 0;
    const entries = await client.zRangeByScoreWithScores(logKey, `(${m.seq}`, '+inf', {
      LIMIT: { offset: 0, count: max },
    });
    if (entries.length === 0) return 0;
    const values = await client.hmGet(
      papers,
      entries.map((e) => String(e.value)),
    );
    await search.put(parse(values), true);
    q.set.run({ ...m, seq: entries[entries.length - 1]!.score });
    return entries.length;
  }

  return {
    async putPapers(list) {
      if (list.length === 0) return;
      const args = list.flatMap((p) => [p.id, JSON.stringify(p), p.source === 'arxiv' ? '1' : '0']);
      const written = new Set(
        ((await client.eval(PUT_PAPERS, { keys: [papers, seqKey, logKey], arguments: args })) as string[]).map(String),
      );
      // Found by this process at once; the log brings the same records again later, which change nothing.
      const chosen = new Map<string, Paper>();
      for (const p of list) if (written.has(p.id) && (p.source !== 'arxiv' || !chosen.has(p.id))) chosen.set(p.id, p);
      await search.put([...chosen.values()], true);
    },
    async searchPapers(query, limit) {
      await sync(SYNC_BEFORE_SEARCH);
      return search.search(query, limit);
    },
    async indexStoredPapers(max): Promise<IndexStep> {
      const m = mirror();
      if (m.scan === null) {
        const applied = await sync(max);
        return { indexed: applied, done: applied < max };
      }
      if (m.seq < 0) {
        // Where the log stands before the pass: what is written from now on, the log brings.
        const last = await client.zRangeWithScores(logKey, -1, -1);
        m.seq = last[0]?.score ?? 0;
      }
      const page = await client.hScan(papers, m.scan, { COUNT: max });
      await search.put(parse(page.entries.map((e) => String(e.value))), true);
      const next = String(page.cursor);
      q.set.run({ ...m, scan: next === '0' ? null : next });
      return { indexed: page.entries.length, done: false };
    },
    reset() {
      search.clear();
      q.set.run({ source, seq: -1, scan: '0' });
    },
    close() {
      db.close();
    },
  };
}
