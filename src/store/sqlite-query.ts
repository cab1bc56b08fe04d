/*
 * Answering a query from the SQLite index (`sqlite-search.ts`): each word's terms (a prefix's most
 * frequent expansions), their postings chunks, ranked in process (`src/search/chunk-scorer.ts`).
 */
import type Database from 'better-sqlite3';
import { ChunkScorer, type TermChunks } from '../search/chunk-scorer.js';
import { queryWords } from '../search/paper-text.js';
import type { LocalHit } from '../search/query.js';

/** A prefix expands to at most this many indexed terms, the most frequent first (as the memory index). */
const MAX_EXPANSIONS = 50;

/** Queries over namespace `ns`'s index, each in one read transaction. */
export function createSqliteQuery(
  db: Database.Database,
  ns: string,
): Database.Transaction<(query: string, k: number) => LocalHit[]> {
  const statsOf = db.prepare<[string], { docs: number; length: number; max_doc: number }>(
    'SELECT docs, length, max_doc FROM search_stats WHERE ns = ?',
  );
  const q = {
    df: db
      .prepare<[string, string], number>(
        'SELECT COALESCE(SUM(count), 0) FROM search_postings WHERE ns = ? AND term = ?',
      )
      .pluck(),
    chunks: db
      .prepare<[string, string], Buffer>('SELECT data FROM search_postings WHERE ns = ? AND term = ? ORDER BY first')
      .pluck(),
    prefixed: db
      .prepare<[string, string, string], [string, number]>(
        'SELECT term, SUM(count) FROM search_postings WHERE ns = ? AND term >= ? AND term < ? GROUP BY term',
      )
      .raw(),
  };
  const scorer = new ChunkScorer();

  function termChunks(term: string, factor: number, df = q.df.get(ns, term)!): TermChunks {
    return { df, factor, chunks: q.chunks.all(ns, term) };
  }

  /** The most frequent terms starting with `prefix`; the exact word counts fully, longer words a little less. */
  function expand(prefix: string): TermChunks[] {
    const found = q.prefixed.all(ns, prefix, `${prefix}\uffff`).map(([term, df]) => ({
      term,
      df,
      rank: term === prefix ? Infinity : df,
    }));
    found.sort((a, b) => b.rank - a.rank);
    return found
      .slice(0, MAX_EXPANSIONS)
      .map((f) => termChunks(f.term, 0.5 + (0.5 * prefix.length) / f.term.length, f.df));
  }

  const read = db.transaction((query: string, k: number): LocalHit[] => {
    const stats = statsOf.get(ns);
    const words = queryWords(query);
    if (!stats || stats.docs === 0 || words.length === 0) return [];
    const groups = words.map((w) => {
      if (w.prefix) return expand(w.term);
      const exact = termChunks(w.term, 1);
      return exact.df > 0 ? [exact] : [];
    });
    const hits = scorer.rank(groups, { docs: stats.docs, length: stats.length, maxDoc: stats.max_doc }, k);
    if (hits.length === 0) return [];
    const rows = db
      .prepare(`SELECT doc, id FROM search_docs WHERE ns = ? AND doc IN (${hits.map(() => '?').join(',')})`)
      .raw()
      .all(ns, ...hits.map((h) => h.doc)) as [number, string][];
    const ids = new Map(rows);
    return hits.flatMap((h) => {
      const id = ids.get(h.doc);
      return id === undefined ? [] : [{ id, score: h.score }];
    });
  });
  return read;
}
