import Database from 'better-sqlite3';
import { createClient } from '@redis/client';
import pg from 'pg';
import type { MemoryBackend } from '../../src/store/memory-backend.js';

const like = (ns: string) => `${ns.replace(/[\\%_]/g, '\\$&')}:%`;

/**
 * What each kind of store holds for keyv under a namespace (`namespace:key`), read past keyv, which
 * would drop an expired value as it reads it: key → the store's own time to live (ms), or null.
 */
export const storedKeys = {
  /** keyv's Map in this process. */
  memory: async (backend: MemoryBackend, ns: string) =>
    new Map(
      backend
        .plainKeys()
        .filter((k) => k.startsWith(`${ns}:`))
        .map((k) => [k, null]),
    ),
  sqlite: async (path: string, ns: string) => {
    const db = new Database(path, { readonly: true });
    try {
      const rows = db
        .prepare<[string], { key: string }>("SELECT key FROM kv WHERE key LIKE ? ESCAPE '\\'")
        .all(like(ns));
      return new Map(rows.map((r) => [r.key, null]));
    } finally {
      db.close();
    }
  },
  redis: async (url: string, ns: string) => {
    const client = await createClient({ url }).connect();
    try {
      const keys = await client.keys(`${ns}:*`);
      return new Map(await Promise.all(keys.map(async (k) => [k, await client.pTTL(k)] as [string, number])));
    } finally {
      client.destroy();
    }
  },
  postgres: async (url: string, ns: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const r = await client.query<{ key: string }>('SELECT key FROM paperfeed_kv WHERE key LIKE $1', [like(ns)]);
      return new Map(r.rows.map((row) => [row.key, null]));
    } finally {
      await client.end();
    }
  },
};
