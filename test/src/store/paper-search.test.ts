import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient } from '@redis/client';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/errors.js';
import type { Paper } from '../../../src/model.js';
import type { Backend } from '../../../src/store/backend.js';
import { createStores } from '../../../src/store/index.js';
import { PAPERS_MAP } from '../../../src/store/keys.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { createPostgresBackend } from '../../../src/store/postgres-backend.js';
import { createRedisBackend } from '../../../src/store/redis-backend.js';
import { createSqliteBackend } from '../../../src/store/sqlite-backend.js';
import { fixturePapers, makePaper } from '../../support/papers.js';

const env = process.env;
const dir = mkdtempSync(join(tmpdir(), 'paperfeed-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each backend, opened on a namespace (or SQLite file) that `reopen` opens again, as a restart would. */
interface Case {
  name: string;
  skip?: string;
  /** Whether the index itself survives a restart (memory keeps nothing; Redis's index lives in the process). */
  durableIndex: boolean;
  open(place: string): Promise<Backend>;
}

const cases: Case[] = [
  { name: 'memory', durableIndex: false, open: async () => createMemoryBackend() },
  {
    name: 'sqlite',
    durableIndex: true,
    open: async (place) => createSqliteBackend(join(dir, `${place}.sqlite`)),
  },
  {
    name: 'redis',
    skip: env.REDIS_URL ? undefined : 'REDIS_URL is not set (CI sets redis://127.0.0.1:6379)',
    durableIndex: true,
    open: (place) =>
      createRedisBackend(env.REDIS_URL!, { namespace: place, searchIndexPath: join(dir, `${place}.index.sqlite`) }),
  },
  {
    name: 'redis without an index file',
    skip: env.REDIS_URL ? undefined : 'REDIS_URL is not set (CI sets redis://127.0.0.1:6379)',
    durableIndex: false,
    open: (place) => createRedisBackend(env.REDIS_URL!, { namespace: place }),
  },
  {
    name: 'postgres',
    skip: env.POSTGRES_URL ? undefined : 'POSTGRES_URL is not set (CI sets postgres://postgres@127.0.0.1:5432/test)',
    durableIndex: true,
    open: (place) => createPostgresBackend(env.POSTGRES_URL!, { namespace: place }),
  },
];

const opened: Backend[] = [];
afterAll(async () => {
  for (const b of opened) {
    await b.clear().catch(() => undefined);
    await b.close().catch(() => undefined);
  }
});

async function open(c: Case, place: string): Promise<Backend> {
  const backend = await c.open(place);
  opened.push(backend);
  return backend;
}

const ids = (papers: Paper[]) => papers.map((p) => p.id);

for (const c of cases) {
  describe.skipIf(c.skip)(`paper search on ${c.name}${c.skip ? ` (skipped: ${c.skip})` : ''}`, () => {
    it('finds stored papers by title, author and abstract words, title matches first', async () => {
      const { papers } = createStores(await open(c, `t-${randomUUID()}`));
      await papers.remember([
        makePaper({ id: 'abs', title: 'Something else', abstract: 'We study zeppelin models at length.' }),
        makePaper({ id: 'title', title: 'Zeppelins for everyone', abstract: 'Nothing to see.' }),
        makePaper({ id: 'author', title: 'Graphs', authors: [{ name: 'Zorbalina Quux' }] }),
        ...fixturePapers(),
      ]);
      expect(ids(await papers.search('zeppelin', 5))).toEqual(['title', 'abs']);
      expect(ids(await papers.search('quux', 5))).toEqual(['author']);
      expect(ids(await papers.search('adversarial robustness compute', 1))).toEqual(['2606.11409']);
      expect(await papers.search('the of a', 5)).toEqual([]);
      expect(await papers.search('zebra giraffe', 5)).toEqual([]);
    });

    it('matches every word first, else any, the last word as a prefix, plurals and accents folded', async () => {
      const { papers } = createStores(await open(c, `t-${randomUUID()}`));
      await papers.remember([
        makePaper({ id: 'both', title: 'Graph neural networks', abstract: 'Message passing.' }),
        makePaper({ id: 'nerf', title: 'Neural radiance fields' }),
        makePaper({ id: 'rl', title: 'Reinforcement learning from feedback' }),
        makePaper({ id: 'accent', title: 'Naïve Bayes revisited', authors: [{ name: 'José Müller' }] }),
      ]);
      expect(ids(await papers.search('neural graph', 5))).toEqual(['both']);
      expect(ids(await papers.search('graph radiance', 5)).sort()).toEqual(['both', 'nerf']);
      expect(ids(await papers.search('learning reinf', 5))).toEqual(['rl']);
      expect(ids(await papers.search('network', 5))).toEqual(['both']);
      expect(ids(await papers.search('naive muller', 5))).toEqual(['accent']);
    });

    it('keeps an HF record over a later arXiv-only one, and finds a paper by its new words once it changed', async () => {
      const { papers } = createStores(await open(c, `t-${randomUUID()}`));
      await papers.remember([makePaper({ id: 'p', title: 'Old title', upvotes: 9 })]);
      await papers.remember([makePaper({ id: 'p', title: 'Thin arxiv record', source: 'arxiv' })]);
      expect((await papers.getPaper('p'))?.upvotes).toBe(9);
      expect(await papers.search('thin', 5)).toEqual([]);
      await papers.remember([makePaper({ id: 'p', title: 'Fresh title', upvotes: 12 })]);
      expect(await papers.search('old', 5)).toEqual([]);
      expect((await papers.search('fresh', 5)).map((p) => [p.id, p.upvotes])).toEqual([['p', 12]]);
    });

    it('stores a 2,000-paper announcement in slices, each paper once', async () => {
      const { papers } = createStores(await open(c, `t-${randomUUID()}`));
      const many = Array.from({ length: 2000 }, (_, i) =>
        makePaper({ id: `a${i}`, title: `Quantum walk number${i}`, source: 'arxiv' }),
      );
      await papers.remember([...many, many[7]!]);
      expect(ids(await papers.search('number1999', 5))).toEqual(['a1999']);
      expect(await papers.search('quantum', 3000)).toHaveLength(2000);
    });

    it(`after a restart ${c.durableIndex ? 'searches at once' : 'searches once the index is rebuilt'}`, async () => {
      const place = `t-${randomUUID()}`;
      const first = createStores(await open(c, place));
      await first.papers.indexStored(); // the warm-up at start: nothing stored yet
      await first.papers.remember(fixturePapers());
      if (c.name === 'memory') return; // nothing outlives a memory store
      const again = createStores(await open(c, place)).papers;
      const found = async () => ids(await again.search('adversarial robustness', 1));
      if (c.durableIndex) {
        expect(await found()).toEqual(['2606.11409']);
        expect(await again.indexStored()).toBe(0);
      } else {
        expect(await again.indexStored()).toBe(30);
        expect(await found()).toEqual(['2606.11409']);
      }
    });

    it('indexes papers a store from an earlier version holds, resuming where a stopped run got to', async () => {
      const place = `t-${randomUUID()}`;
      const backend = await open(c, place);
      // How earlier versions stored papers: one map field each, no index.
      for (const p of fixturePapers()) await backend.mapSet(PAPERS_MAP, p.id, JSON.stringify(p));
      const { papers } = createStores(backend);
      expect(await papers.search('adversarial robustness', 1)).toEqual([]);
      const first = await backend.indexStoredPapers(10);
      const reopened = c.name === 'memory' ? backend : await open(c, place);
      const rest = await createStores(reopened).papers.indexStored();
      // What the first step did stays done, except in an index that lives in the process only.
      expect(c.durableIndex || c.name === 'memory' ? first.indexed + rest : rest).toBe(30);
      expect(ids(await createStores(reopened).papers.search('adversarial robustness', 1))).toEqual(['2606.11409']);
      expect(await createStores(reopened).papers.indexStored()).toBe(0);
    });
  });
}

describe.skipIf(!env.REDIS_URL)('a stalled Redis during a search', () => {
  it('answers "storage unavailable" within the bound', async () => {
    const backend = await open(cases[2]!, `t-${randomUUID()}`);
    await createStores(backend).papers.remember(fixturePapers());
    const admin = createClient({ url: env.REDIS_URL });
    await admin.connect();
    try {
      await admin.sendCommand(['CLIENT', 'PAUSE', '1500', 'ALL']);
      // The index file is brought up to date from Redis before each search.
      const search = createStores(backend.withTimeout(200)).papers.search('adversarial robustness', 1);
      await expect(search).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await admin.sendCommand(['CLIENT', 'UNPAUSE']).catch(() => undefined);
      await admin.quit();
    }
  });
});

describe.skipIf(!env.POSTGRES_URL)('a stalled PostgreSQL during a search', () => {
  it('answers "storage unavailable" within the bound', async () => {
    const backend = await open(cases[4]!, `t-${randomUUID()}`);
    await createStores(backend).papers.remember(fixturePapers());
    const locker = new pg.Client({ connectionString: env.POSTGRES_URL });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE paperfeed_map IN ACCESS EXCLUSIVE MODE');
      const search = createStores(backend.withTimeout(200)).papers.search('adversarial robustness', 1);
      const error = await search.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).reason).toBe('down');
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });
});

describe('a locked SQLite file', () => {
  it('still answers searches, and storing papers answers "busy" within the bound', async () => {
    const file = join(dir, `locked-${randomUUID()}.sqlite`);
    const backend = createSqliteBackend(file);
    opened.push(backend);
    const { papers } = createStores(backend.withTimeout(200));
    await papers.remember(fixturePapers());
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(ids(await papers.search('adversarial robustness', 1))).toEqual(['2606.11409']);
      const error = await papers.remember([makePaper({ id: 'late' })]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).reason).toBe('busy');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe.skipIf(!env.REDIS_URL)('two instances sharing Redis, each with its own index file', () => {
  it('each finds the papers the other stored', async () => {
    const place = `t-${randomUUID()}`;
    const [a, b] = await Promise.all(
      ['a', 'b'].map((who) =>
        createRedisBackend(env.REDIS_URL!, {
          namespace: place,
          searchIndexPath: join(dir, `${place}-${who}.sqlite`),
        }).then((x) => (opened.push(x), createStores(x).papers)),
      ),
    );
    // What each start does in the background: the first pass over the stored papers.
    await Promise.all([a!.indexStored(), b!.indexStored()]);
    await a!.remember([makePaper({ id: 'from-a', title: 'Zeppelin dynamics' })]);
    await b!.remember([makePaper({ id: 'from-b', title: 'Zeppelin control' })]);
    expect(ids(await a!.search('zeppelin', 5)).sort()).toEqual(['from-a', 'from-b']);
    await a!.remember([makePaper({ id: 'from-b', title: 'Airship control' })]);
    expect(ids(await b!.search('zeppelin', 5))).toEqual(['from-a']);
    expect(ids(await b!.search('airship', 5))).toEqual(['from-b']);
  });
});

describe('a SQLite store stopped between storing papers and writing their index entries', () => {
  it('indexes them at the next warm-up', async () => {
    const file = join(dir, `staged-${randomUUID()}.sqlite`);
    let conn: Database.Database | undefined;
    const backend = createSqliteBackend(file, { connect: (path) => (conn = new Database(path)) });
    opened.push(backend);
    const { papers } = createStores(backend);
    await papers.remember(fixturePapers());
    // What a process stopped after storing the papers leaves: the papers listed as staged, their postings not written.
    conn!.exec(`DELETE FROM search_postings; INSERT INTO search_staged (ns, doc) SELECT ns, doc FROM search_docs`);
    expect(await papers.search('adversarial robustness', 1)).toEqual([]);
    expect(await papers.indexStored()).toBe(30);
    expect(ids(await papers.search('adversarial robustness', 1))).toEqual(['2606.11409']);
    expect(await papers.indexStored()).toBe(0);
  });
});
