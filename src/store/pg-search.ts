/*
 * The search index of a PostgreSQL store: a `tsvector` beside each paper's row in paperfeed_map
 * (NULL for every other row) with a GIN index over it. The vector is built from the terms
 * `src/search/paper-text.ts` gives, through the `simple` configuration (no stemming or stop words
 * of PostgreSQL's own), so PostgreSQL matches the same words as the other stores: title as
 * weight A, authors B, keywords and AI summary C, abstract D. Ranked by `ts_rank` with those
 * weights (4 : 2.5 : 1.5 : 1, as the other stores) and the document length.
 */
import type pg from 'pg';
import type { Paper } from '../model.js';
import { paperText, queryWords, type QueryWord } from '../search/paper-text.js';
import type { LocalHit } from '../search/query.js';
import type { IndexStep } from './backend.js';
import { lastOfEach } from './paper-records.js';

export const PG_SEARCH_SQL = `
ALTER TABLE paperfeed_map ADD COLUMN IF NOT EXISTS tsv tsvector;
CREATE INDEX IF NOT EXISTS paperfeed_map_tsv ON paperfeed_map USING GIN (tsv) WHERE tsv IS NOT NULL;`;

const VECTOR = `setweight(to_tsvector('simple', x.t), 'A') || setweight(to_tsvector('simple', x.a), 'B')
  || setweight(to_tsvector('simple', x.k), 'C') || setweight(to_tsvector('simple', x.b), 'D')`;

/** `ts_rank`'s weights, in the order D, C, B, A. */
const WEIGHTS = '{0.25,0.375,0.625,1}';

/** Rows as the statements below take them: one array per column. */
function columns(papers: readonly Paper[]) {
  const cols = {
    ids: [] as string[],
    values: [] as string[],
    t: [] as string[],
    a: [] as string[],
    k: [] as string[],
    b: [] as string[],
  };
  for (const p of papers) {
    const text = paperText(p);
    cols.ids.push(p.id);
    cols.values.push(JSON.stringify(p));
    cols.t.push(text.title);
    cols.a.push(text.authors);
    cols.k.push(text.keywords);
    cols.b.push(text.abstract);
  }
  return [cols.ids, cols.values, cols.t, cols.a, cols.k, cols.b];
}

/** The field of the migrations map that says every stored paper has its vector. */
const PAPER_INDEX = 'paper-search-index';

const term = (t: string) => `'${t.replace(/'/g, "''")}'`;
const tsquery = (w: QueryWord) => (w.prefix ? `(${term(w.term)} | ${term(w.term)}:*)` : term(w.term));

export interface PgSearch {
  put(papers: readonly Paper[]): Promise<void>;
  search(query: string, limit: number): Promise<LocalHit[]>;
  indexStored(max: number): Promise<IndexStep>;
  /** Starts indexing stored papers from the first again (the store was cleared). */
  reset(): void;
}

/** The index of the papers in map `papersMap` (namespaced), over `pool`. */
export function createPgSearch(pool: pg.Pool, papersMap: string, migrationsMap: string): PgSearch {
  let cursor = '';
  let done = false;
  /** Recorded once every stored paper has its vector, so later starts need not look again. */
  const isDone = async () =>
    (await pool.query('SELECT 1 FROM paperfeed_map WHERE map = $1 AND field = $2', [migrationsMap, PAPER_INDEX]))
      .rowCount === 1;
  const rank = async (sql: string, values: unknown[]) =>
    (await pool.query<{ field: string; score: number }>(sql, values)).rows.map((r) => ({
      id: r.field,
      score: Number(r.score),
    }));
  return {
    async put(papers) {
      if (papers.length === 0) return;
      // An arXiv-only record never replaces a stored HF record of the same paper (the paper store has
      // merged what arXiv adds into it already); it replaces an older arXiv-only one.
      await pool.query(
        `INSERT INTO paperfeed_map (map, field, value, tsv)
         SELECT $1, x.f, x.v, ${VECTOR} FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS x(f, v, t, a, k, b)
         ON CONFLICT (map, field) DO UPDATE SET value = excluded.value, tsv = excluded.tsv
         WHERE (excluded.value::jsonb ->> 'source') IS DISTINCT FROM 'arxiv'
            OR (paperfeed_map.value::jsonb ->> 'source') = 'arxiv'`,
        [papersMap, ...columns(lastOfEach(papers))],
      );
    },
    async search(query, limit) {
      const words = queryWords(query);
      const k = Math.floor(limit);
      if (words.length === 0 || !(k > 0)) return [];
      const all = await rank(
        `SELECT field, ts_rank('${WEIGHTS}', tsv, q, 1) AS score FROM paperfeed_map, to_tsquery('simple', $2) AS q
         WHERE map = $1 AND tsv @@ q ORDER BY score DESC, field DESC LIMIT $3`,
        [papersMap, words.map(tsquery).join(' & '), k],
      );
      if (all.length > 0 || words.length === 1) return all;
      // No paper has every word: any word, by how many matched, then rank.
      return rank(
        `SELECT field, ts_rank('${WEIGHTS}', tsv, q, 1) AS score,
           (SELECT count(*) FROM unnest($4::text[]) AS w WHERE tsv @@ to_tsquery('simple', w)) AS matched
         FROM paperfeed_map, to_tsquery('simple', $2) AS q
         WHERE map = $1 AND tsv @@ q ORDER BY matched DESC, score DESC, field DESC LIMIT $3`,
        [papersMap, words.map(tsquery).join(' | '), k, words.map(tsquery)],
      );
    },
    async indexStored(max) {
      if (done || (cursor === '' && (await isDone()))) return { indexed: 0, done: (done = true) };
      const rows = (
        await pool.query<{ field: string; value: string }>(
          'SELECT field, value FROM paperfeed_map WHERE map = $1 AND field > $2 AND tsv IS NULL ORDER BY field LIMIT $3',
          [papersMap, cursor, max],
        )
      ).rows;
      const papers = rows.flatMap((r) => {
        try {
          return [JSON.parse(r.value) as Paper];
        } catch {
          return [];
        }
      });
      if (papers.length > 0) {
        const [ids, , t, a, k, b] = columns(papers);
        await pool.query(
          `UPDATE paperfeed_map AS m SET tsv = ${VECTOR}
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(f, t, a, k, b)
           WHERE m.map = $1 AND m.field = x.f AND m.tsv IS NULL`,
          [papersMap, ids, t, a, k, b],
        );
      }
      cursor = rows[rows.length - 1]?.field ?? cursor;
      done = rows.length < max;
      if (done) {
        await pool.query(
          `INSERT INTO paperfeed_map (map, field, value) VALUES ($1, $2, $3) ON CONFLICT (map, field) DO NOTHING`,
          [migrationsMap, PAPER_INDEX, new Date().toISOString()],
        );
      }
      return { indexed: papers.length, done };
    },
    reset() {
      cursor = '';
      done = false;
    },
  };
}
