import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/store/backend.js';
import { createPostgresBackend } from '../../../src/store/postgres-backend.js';
import { createSqliteBackend } from '../../../src/store/sqlite-backend.js';

/** Claims 50 names for 300 ms, waits them out, claims one more: how many claims are left stored. */
async function leftAfterExpiry(backend: Backend, count: () => Promise<number>): Promise<number> {
  for (let i = 0; i < 50; i++) expect(await backend.claimOnce(`request:${i}`, 300)).toBe(true);
  expect(await count()).toBeGreaterThan(1);
  await new Promise((r) => setTimeout(r, 400));
  expect(await backend.claimOnce('request:last', 60_000)).toBe(true);
  return count();
}

describe('claimed names do not pile up', () => {
  it('on SQLite, expired claims are deleted by the next claim', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperfeed-claims-'));
    let conn: Database.Database | undefined;
    const backend = createSqliteBackend(join(dir, 'store.sqlite'), { connect: (p) => (conn = new Database(p)) });
    try {
      const count = async () => (conn!.prepare('SELECT count(*) AS n FROM claims').get() as { n: number }).n;
      expect(await leftAfterExpiry(backend, count)).toBe(1);
    } finally {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.POSTGRES_URL)('on PostgreSQL, expired claims are deleted by the next claim', async () => {
    const ns = `test-${randomUUID()}`;
    const backend = await createPostgresBackend(process.env.POSTGRES_URL!, { namespace: ns });
    const client = new pg.Client({ connectionString: process.env.POSTGRES_URL });
    await client.connect();
    try {
      const count = async () =>
        Number(
          (await client.query('SELECT count(*) AS n FROM paperfeed_claim WHERE name LIKE $1', [`${ns}:%`])).rows[0].n,
        );
      expect(await leftAfterExpiry(backend, count)).toBe(1);
    } finally {
      await backend.clear();
      await backend.close();
      await client.end();
    }
  });
});
