/*
 * The search index of a SQLite store, in the same file: per term, chunks of postings
 * (`src/search/chunks.ts`), read per query and scored in process (`chunk-scorer.ts`); nothing is
 * loaded at start. Not FTS5: on 200,000 synthesized papers (`npm run bench`) FTS5's bm25() ranked
 * every match of a common word, 100–300 ms for "model" (177k matches) and p99 115 ms over the search
 * bench's queries, where this layout answers in a few ms (docs/benchmarks.md).
 *
 * Tables (one set of rows per namespace): `search_docs` numbers each indexed paper; each
 * `search_postings` row is one chunk of one term's postings, from document `first` to `last`;
 * `search_stats` holds the document count, total weighted length, the highest document number and
 * the progress of indexing papers stored before the index existed (`migrated`: the last paper id
 * done; NULL once all are).
 */
import type Database from 'better-sqlite3';
import type { Paper } from '../model.js';
import { normOf, type Postings } from '../search/chunks.js';
import { paperText, weightedTerms, type PaperText } from '../search/paper-text.js';
import type { LocalHit } from '../search/query.js';
import type { IndexStep } from './backend.js';
import { fromHf, lastOfEach, parsed, yieldTurn } from './paper-records.js';
import { createPostingWriter, push } from './sqlite-postings.js';
import { createSqliteQuery } from './sqlite-query.js';

export const SEARCH_SCHEMA = `
CREATE TABLE IF NOT EXISTS search_docs (ns TEXT NOT NULL, id TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (ns, id)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS search_docs_doc ON search_docs (ns, doc);
CREATE TABLE IF NOT EXISTS search_postings (ns TEXT NOT NULL, term TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS search_postings_term ON search_postings (ns, term, first, count);
CREATE TABLE IF NOT EXISTS search_stats (ns TEXT PRIMARY KEY, docs INTEGER NOT NULL, length INTEGER NOT NULL, max_doc INTEGER NOT NULL, migrated TEXT);
`;

/**
 * Papers stored but whose postings are not written yet: `put` writes a batch's papers first, then
 * its postings term by term, so a term's chunk is rewritten once per batch rather than once per
 * slice (a 2,000-paper announcement in eight 250-paper transactions rewrote about 15,000 scattered
 * pages each: 6.4 s). A paper still listed here after a crash has its postings written by the next
 * warm-up (writing a posting twice keeps one).
 */
export const STAGING_SCHEMA = `
CREATE TABLE IF NOT EXISTS search_staged (ns TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (ns, doc)) WITHOUT ROWID;`;

/** Papers per transaction while storing, and terms per transaction while writing their postings. */
const STORE_SLICE = 250;
const TERM_SLICE = 4000;

/** A batch's new papers and their postings by term, waiting to be written. */
interface Staged {
  docs: number[];
  postings: Map<string, Postings>;
}

interface Stats {
  docs: number;
  length: number;
  max_doc: number;
  migrated: string | null;
}

export interface SqliteSearch {
  /**
   * Stores papers (an arXiv-only record never replaces a stored one) and indexes them: the papers
   * 250 per transaction, then their postings 4,000 terms per transaction, the event loop free
   * between transactions; one call at a time. `asStored`: the records are copies of another
   * store's, which already chose them.
   */
  put(papers: readonly Paper[], asStored?: boolean): Promise<void>;
  search(query: string, limit: number): LocalHit[];
  /** Indexes up to `max` papers stored before the index existed, in one transaction. */
  indexStored(max: number): IndexStep;
  clear(): void;
}

/** The index of namespace `ns`, whose papers are the rows of map `papersMap` in `map_entries`. */
export function createSqliteSearch(db: Database.Database, ns: string, papersMap: string): SqliteSearch {
  db.exec(SEARCH_SCHEMA);
  db.exec(STAGING_SCHEMA);
  const q = {
    stats: db.prepare<[string], Stats>('SELECT docs, length, max_doc, migrated FROM search_stats WHERE ns = ?'),
    saveStats: db.prepare(
      `INSERT INTO search_stats (ns, docs, length, max_doc, migrated) VALUES (@ns, @docs, @length, @max_doc, @migrated)
       ON CONFLICT (ns) DO UPDATE SET docs = excluded.docs, length = excluded.length, max_doc = excluded.max_doc, migrated = excluded.migrated`,
    ),
    paper: db.prepare<[string, string], { value: string }>('SELECT value FROM map_entries WHERE map = ? AND field = ?'),
    setPaper: db.prepare(
      'INSERT INTO map_entries (map, field, value) VALUES (?, ?, ?) ON CONFLICT (map, field) DO UPDATE SET value = excluded.value',
    ),
    stored: db
      .prepare<[string, string, number], [string, string]>(
        'SELECT field, value FROM map_entries WHERE map = ? AND field > ? ORDER BY field LIMIT ?',
      )
      .raw(),
    doc: db.prepare<[string, string], { doc: number }>('SELECT doc FROM search_docs WHERE ns = ? AND id = ?'),
    addDoc: db.prepare('INSERT INTO search_docs (ns, id, doc) VALUES (?, ?, ?)'),
    stage: db.prepare('INSERT OR IGNORE INTO search_staged (ns, doc) VALUES (?, ?)'),
    unstage: db.prepare('DELETE FROM search_staged WHERE ns = ? AND doc = ?'),
    stagedDocs: db.prepare<[string, number], number>('SELECT doc FROM search_staged WHERE ns = ? LIMIT ?').pluck(),
    idOf: db.prepare<[string, number], string>('SELECT id FROM search_docs WHERE ns = ? AND doc = ?').pluck(),
    clearStaged: db.prepare('DELETE FROM search_staged WHERE ns = ?'),
    clearDocs: db.prepare('DELETE FROM search_docs WHERE ns = ?'),
    clearPostings: db.prepare('DELETE FROM search_postings WHERE ns = ?'),
    clearStats: db.prepare('DELETE FROM search_stats WHERE ns = ?'),
  };
  const { addTo, removeFrom } = createPostingWriter(db, ns);
  const read = createSqliteQuery(db, ns);
  const anyPaper = db.prepare<[string], number>('SELECT 1 FROM map_entries WHERE map = ? LIMIT 1').pluck();
  /** A new index: papers stored before it (an earlier version's) are indexed by the warm-up; none, nothing to do. */
  const freshStats = (): Stats => ({
    docs: 0,
    length: 0,
    max_doc: 0,
    migrated: anyPaper.get(papersMap) === undefined ? null : '',
  });

  /**
   * One transaction's changes to the postings, applied by `flush`: removals first, then additions.
   * With `staged`, a new paper's postings go there instead (and the paper into `search_staged`), to
   * be written term by term after the whole batch (`put`).
   */
  function changes(stats: Stats, staged?: Staged) {
    const adds = new Map<string, Postings>();
    const removes = new Map<string, number[]>();
    const seen = new Set<string>();
    const flush = () => {
      for (const [term, docs] of removes) removeFrom(term, docs);
      for (const [term, p] of adds) addTo(term, p);
      adds.clear();
      removes.clear();
      seen.clear();
    };
    /** Indexes `p` as paper `id`, replacing what it had indexed from `old` (its stored record before). */
    const index = (id: string, p: Paper, old: Paper | undefined) => {
      // A paper twice in one batch: its first entry's postings must be written before they can be replaced.
      if (seen.has(id)) flush();
      seen.add(id);
      const text = paperText(p);
      const row = q.doc.get(ns, id);
      let doc: number;
      if (row) {
        doc = row.doc;
        if (old) {
          const before = paperText(old);
          if (sameText(before, text)) return;
          const was = weightedTerms(before);
          for (const term of was.weights.keys()) push(removes, term, doc);
          stats.docs--;
          stats.length -= was.length;
        }
      } else {
        doc = ++stats.max_doc;
        q.addDoc.run(ns, id, doc);
      }
      const now = weightedTerms(text);
      const norm = normOf(now.length);
      const into = !row && staged ? staged.postings : adds;
      if (into !== adds) {
        q.stage.run(ns, doc);
        staged!.docs.push(doc);
      }
      for (const [term, weight] of now.weights) {
        let p = into.get(term);
        if (!p) into.set(term, (p = { docs: [], weights: [], norms: [] }));
        p.docs.push(doc);
        p.weights.push(weight);
        p.norms.push(norm);
      }
      stats.docs++;
      stats.length += now.length;
    };
    return { index, flush };
  }

  const loadStats = () => q.stats.get(ns) ?? freshStats();
  const saveStats = (s: Stats) => q.saveStats.run({ ns, ...s });

  const stage = db.transaction((papers: readonly Paper[], asStored: boolean, staged: Staged) => {
    const stats = loadStats();
    const c = changes(stats, staged);
    for (const p of papers) {
      const stored = q.paper.get(papersMap, p.id)?.value;
      if (!asStored && p.source === 'arxiv' && fromHf(stored)) continue;
      q.setPaper.run(papersMap, p.id, JSON.stringify(p));
      c.index(p.id, p, stored === undefined ? undefined : parsed(stored));
    }
    c.flush();
    saveStats(stats);
  });
  const writeTerms = db.transaction((terms: readonly [string, Postings][]) => {
    for (const [term, p] of terms) addTo(term, p);
  });
  const unstage = db.transaction((docs: readonly number[]) => {
    for (const doc of docs) q.unstage.run(ns, doc);
  });

  async function putNow(papers: readonly Paper[], asStored: boolean): Promise<void> {
    const staged: Staged = { docs: [], postings: new Map() };
    const list = lastOfEach(papers);
    for (let i = 0; i < list.length; i += STORE_SLICE) {
      if (i > 0) await yieldTurn();
      relaxed(() => stage.immediate(list.slice(i, i + STORE_SLICE), asStored, staged));
    }
    // Documents are numbered in order, so each term's new postings are already ascending.
    const terms = [...staged.postings].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (let i = 0; i < terms.length; i += TERM_SLICE) {
      await yieldTurn();
      relaxed(() => writeTerms.immediate(terms.slice(i, i + TERM_SLICE)));
    }
    if (staged.docs.length > 0) relaxed(() => unstage.immediate(staged.docs));
  }

  /** Writes the postings of papers a crash left staged (after their papers were stored). */
  const finishStaged = db.transaction((max: number): number => {
    const rows = q.stagedDocs.all(ns, max);
    const adds = new Map<string, Postings>();
    for (const doc of rows) {
      const id = q.idOf.get(ns, doc);
      const p = id === undefined ? undefined : parsed(q.paper.get(papersMap, id)?.value ?? '');
      if (p) {
        const now = weightedTerms(paperText(p));
        const norm = normOf(now.length);
        for (const [term, weight] of now.weights) {
          let list = adds.get(term);
          if (!list) adds.set(term, (list = { docs: [], weights: [], norms: [] }));
          list.docs.push(doc);
          list.weights.push(weight);
          list.norms.push(norm);
        }
      }
      q.unstage.run(ns, doc);
    }
    for (const [term, list] of adds) addTo(term, list);
    return rows.length;
  });

  const indexStored = db.transaction((max: number): IndexStep => {
    const stats = loadStats();
    const finished = finishStaged(max);
    if (finished > 0) return { indexed: finished, done: false };
    if (stats.migrated === null) return { indexed: 0, done: true };
    const rows = q.stored.all(papersMap, stats.migrated, max);
    const c = changes(stats);
    let indexed = 0;
    for (const [id, value] of rows) {
      const p = parsed(value);
      if (!p || q.doc.get(ns, id)) continue;
      c.index(id, p, undefined);
      indexed++;
    }
    c.flush();
    const done = rows.length < max;
    stats.migrated = done ? null : rows[rows.length - 1]![0];
    saveStats(stats);
    return { indexed, done };
  });

  /**
   * Papers are written without waiting for the disk at each commit (synchronous NORMAL: the
   * write-ahead log is synced at checkpoints): they are a copy of upstream data, and a power cut
   * loses at most the last batches, paper and index together. With FULL, each 250-paper commit
   * waited for the disk: 10,000 papers took 15 s to store on the bench machine, 6.7 s without.
   */
  function relaxed<T>(work: () => T): T {
    const mode = db.pragma('synchronous', { simple: true }) as number;
    if (mode <= 1) return work();
    db.pragma('synchronous = NORMAL');
    try {
      return work();
    } finally {
      db.pragma(`synchronous = ${mode}`);
    }
  }

  let queue: Promise<unknown> = Promise.resolve();
  return {
    put(papers, asStored = false) {
      // One call at a time: a paper staged by one must not be indexed again by another meanwhile.
      const run = queue.then(() => putNow(papers, asStored));
      queue = run.catch(() => undefined);
      return run;
    },
    search(query, limit) {
      const k = Math.floor(limit);
      return k > 0 ? read.deferred(query, k) : [];
    },
    indexStored: (max) => relaxed(() => indexStored.immediate(max)),
    clear() {
      db.prepare('DELETE FROM map_entries WHERE map = ?').run(papersMap);
      q.clearDocs.run(ns);
      q.clearStaged.run(ns);
      q.clearPostings.run(ns);
      q.clearStats.run(ns);
    },
  };
}

const sameText = (a: PaperText, b: PaperText) =>
  a.title === b.title && a.authors === b.authors && a.keywords === b.keywords && a.abstract === b.abstract;
