import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { search } from '../../commands/search.js';
import { createManualClock } from '../../src/ports/clock.js';
import type { Feed } from '../../src/papers/feed.js';
import type { Backend } from '../../src/store/backend.js';
import { createPostgresBackend } from '../../src/store/postgres-backend.js';
import { createSqliteBackend } from '../../src/store/sqlite-backend.js';
import { backendCases, type BackendCase } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';
import { makePaper } from '../support/papers.js';
import { storedKeys } from '../support/stored-keys.js';

/** Results pages stay navigable 15 minutes (commands/search.ts). */
const PAGER_TTL_MS = 15 * 60_000;
const papers = Array.from({ length: 12 }, (_, i) => makePaper({ id: `2606.${String(10_000 + i)}` }));
const feed = { search: async () => ({ papers }) } as unknown as Feed;

/** Runs `/papers search` and answers the key of the results pages it stored. */
async function searchOnce(backend: Backend, clock: ReturnType<typeof createManualClock>): Promise<string> {
  const answer = await search.run({ query: 'diffusion' }, commandContext(backend, { feed, clock }));
  const next = answer.buttons?.find((b) => b.kind === 'action' && b.label.startsWith('Next'));
  const token = next && 'action' in next ? next.action.split(':')[1] : undefined;
  expect(token).toBeDefined();
  return `pager:${token}`;
}

const pagerKeys = async (c: BackendCase, backend: Backend, ns: string) =>
  new Map([...(await c.storedKeys(backend, ns))].filter(([k]) => k.includes(':pager:')));
const keyOf = (keys: Map<string, number | null>, pager: string) => [...keys.keys()].find((k) => k.endsWith(pager));

for (const c of backendCases()) {
  describe.skipIf(c.skip)(`search pages on ${c.name}`, () => {
    afterAll(() => c.cleanup());

    it('are deleted from the store once their 15 minutes are over, not kept until someone asks', async () => {
      const ns = `test-${randomUUID()}`;
      const clock = createManualClock('2026-06-12T12:00:00Z');
      const backend = await c.open(ns, { clock });
      const first = await searchOnce(backend, clock);
      const stored = await pagerKeys(c, backend, ns);
      expect(keyOf(stored, first)).toBeDefined();

      if (c.name === 'redis') {
        // Redis deletes the key itself when its time to live runs out (its own clock, not ours).
        const ttl = stored.get(keyOf(stored, first)!)!;
        expect(ttl).toBeGreaterThan(PAGER_TTL_MS - 60_000);
        expect(ttl).toBeLessThanOrEqual(PAGER_TTL_MS);
        return;
      }
      // Still navigable a minute before it expires: a later search keeps it.
      clock.advance(PAGER_TTL_MS - 60_000);
      const second = await searchOnce(backend, clock);
      expect([...(await pagerKeys(c, backend, ns)).keys()].map((k) => k.slice(k.indexOf('pager:'))).sort()).toEqual(
        [first, second].sort(),
      );
      expect(await backend.kv.get(first)).toBeDefined();
      // Past its 15 minutes, the next search's write sweeps it out of the store.
      clock.advance(60_001);
      const third = await searchOnce(backend, clock);
      const left = await pagerKeys(c, backend, ns);
      expect(keyOf(left, first)).toBeUndefined();
      expect(keyOf(left, second)).toBeDefined();
      expect(keyOf(left, third)).toBeDefined();
    });
  });
}

describe('search pages stored by an earlier version (no expiry column)', () => {
  const clock = createManualClock('2026-06-12T12:00:00Z');
  const old = (ms: number) => JSON.stringify({ value: { query: 'q', ids: ['2606.10000'] }, expires: ms });

  it('are swept from SQLite once expired, after the store is opened by this version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperfeed-old-kv-'));
    try {
      const path = join(dir, 'store.sqlite');
      const db = new Database(path);
      db.exec('CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      const put = db.prepare('INSERT INTO kv (key, value) VALUES (?, ?)');
      put.run('paperfeed:pager:expired', old(clock.now() - 1));
      put.run('paperfeed:pager:live', old(clock.now() + 60_000));
      put.run('paperfeed:day:2026-06-11', JSON.stringify({ value: { papers: [] } }));
      db.close();
      const backend = createSqliteBackend(path, { clock });
      await searchOnce(backend, clock);
      await backend.close();
      const keys = [...(await storedKeys.sqlite(path, 'paperfeed')).keys()];
      expect(keys.filter((k) => !/pager:[0-9a-f]{12}$/.test(k)).sort()).toEqual([
        'paperfeed:day:2026-06-11',
        'paperfeed:pager:live',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.POSTGRES_URL)('are swept from PostgreSQL once expired, after an upgrade', async () => {
    const schema = `old_kv_${randomUUID().replace(/-/g, '')}`;
    const admin = new pg.Client({ connectionString: process.env.POSTGRES_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.query(`CREATE TABLE ${schema}.paperfeed_kv (key VARCHAR(255) PRIMARY KEY, value TEXT)`);
      await admin.query(`INSERT INTO ${schema}.paperfeed_kv VALUES ($1, $2), ($3, $4), ($5, $6)`, [
        'paperfeed:pager:expired',
        old(clock.now() - 1),
        'paperfeed:pager:live',
        old(clock.now() + 60_000),
        'paperfeed:day:2026-06-11',
        JSON.stringify({ value: { papers: [] } }),
      ]);
      const url = new URL(process.env.POSTGRES_URL!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const backend = await createPostgresBackend(url.href, { clock });
      await searchOnce(backend, clock);
      await backend.close();
      const r = await admin.query<{ key: string }>(`SELECT key FROM ${schema}.paperfeed_kv ORDER BY key`);
      expect(r.rows.map((row) => row.key).filter((k) => !/pager:[0-9a-f]{12}$/.test(k))).toEqual([
        'paperfeed:day:2026-06-11',
        'paperfeed:pager:live',
      ]);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
});
