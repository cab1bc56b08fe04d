import { NORM_LENGTHS, forEachPosting } from './chunks.js';
import { UNIT } from './posting-pool.js';
import { topK } from './query.js';

// BM25 over the field-weighted term frequency, as query.ts.
const K1 = 1.2;
const B = 0.75;

/** One term a query word matches: its document frequency, how much it counts, its postings' chunks. */
export interface TermChunks {
  df: number;
  factor: number;
  chunks: readonly Uint8Array[];
}

/** The indexed documents as BM25 sees them. */
export interface Corpus {
  /** How many documents are indexed, and their total weighted length. */
  docs: number;
  length: number;
  /** Document numbers run from 1 to `maxDoc`. */
  maxDoc: number;
}

export interface DocHit {
  doc: number;
  score: number;
}

/**
 * Ranks documents for a query read from the on-disk index, as `QueryScorer` does for the memory
 * index: every word matched (AND) first, failing that any word, by how many matched, then score;
 * within one word (a prefix and its expansions) a document keeps its best term. The per-document
 * scratch is reused from one query to the next (about 26 bytes per indexed document, made at
 * the first search).
 */
export class ChunkScorer {
  private epoch = 0;
  private stamp = new Uint32Array(0);
  private matched = new Uint8Array(0);
  private lastGroup = new Uint8Array(0);
  private score = new Float64Array(0);
  private best = new Float64Array(0);
  private touched = new Int32Array(0);

  private prepare(n: number): void {
    if (this.stamp.length < n) {
      const cap = Math.max(n + (n >> 2), 64);
      this.stamp = new Uint32Array(cap);
      this.matched = new Uint8Array(cap);
      this.lastGroup = new Uint8Array(cap);
      this.score = new Float64Array(cap);
      this.best = new Float64Array(cap);
      this.touched = new Int32Array(cap);
      this.epoch = 0;
    }
    if (this.epoch === 0xffffffff) {
      this.stamp.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
  }

  rank(groups: readonly (readonly TermChunks[])[], corpus: Corpus, k: number): DocHit[] {
    this.prepare(corpus.maxDoc + 1);
    const { stamp, matched, lastGroup, score, best, touched, epoch } = this;
    const n = Math.max(1, corpus.docs);
    const norm0 = K1 * (1 - B);
    const norm1 = (K1 * B) / Math.max(1, corpus.length / n);
    let nTouched = 0;
    let coef = 0;
    let mark = 0;
    const visit = (d: number, w: number, norm: number) => {
      if (d >= stamp.length) return; // written after this query read the corpus figures
      const tf = w / UNIT;
      const s = (coef * tf * (K1 + 1)) / (tf + norm0 + norm1 * NORM_LENGTHS[norm]!);
      if (stamp[d] !== epoch) {
        stamp[d] = epoch;
        matched[d] = 0;
        lastGroup[d] = 0;
        score[d] = 0;
        touched[nTouched++] = d;
      }
      if (lastGroup[d] !== mark) {
        lastGroup[d] = mark;
        matched[d]!++;
        score[d]! += s;
        best[d] = s;
      } else if (s > best[d]!) {
        score[d]! += s - best[d]!;
        best[d] = s;
      }
    };
    groups.forEach((terms, gi) => {
      mark = gi + 1;
      for (const t of terms) {
        const df = Math.min(t.df, n);
        coef = t.factor * Math.log(1 + (n - df + 0.5) / (df + 0.5));
        for (const chunk of t.chunks) forEachPosting(chunk, visit);
      }
    });
    const all = groups.length;
    let candidates = 0;
    for (let i = 0; i < nTouched; i++) if (matched[touched[i]!] === all) touched[candidates++] = touched[i]!;
    const fallback = candidates === 0;
    if (fallback) candidates = nTouched;
    const better = fallback
      ? (a: number, b: number) => matched[a]! - matched[b]! || score[a]! - score[b]! || a - b
      : (a: number, b: number) => score[a]! - score[b]! || a - b;
    return topK(touched, candidates, k, better).map((doc) => ({ doc, score: score[doc]! }));
  }
}
