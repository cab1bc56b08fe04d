import { UNIT, type PostingPool } from './posting-pool.js';

// BM25 over the field-weighted term frequency.
const K1 = 1.2;
const B = 0.75;

/** A hit from the local index: a paper id and its BM25 score. */
export interface LocalHit {
  id: string;
  score: number;
}

/** One query word: the terms it matches (several for a prefix) and how much each counts. */
export interface Group {
  terms: number[];
  factors: number[];
}

/** The indexed documents, by internal number, as a query sees them. */
export interface Documents {
  /** Paper ids; undefined for replaced papers. */
  readonly ids: readonly (string | undefined)[];
  /** 1 for live documents, 0 for replaced ones. */
  readonly alive: Uint8Array;
  /** Field-weighted lengths. */
  readonly lengths: Uint32Array;
  /** How many documents are live, and their total length. */
  readonly live: number;
  readonly liveLength: number;
}

/** Ranks documents for queries, reusing per-document scratch arrays from one query to the next. */
export class QueryScorer {
  // Per-document scratch; `stamp` says whether the other arrays hold this query's values.
  private epoch = 0;
  private stamp = new Uint32Array(0);
  private matched = new Uint8Array(0);
  private lastGroup = new Uint8Array(0);
  private score = new Float64Array(0);
  private best = new Float64Array(0);
  private touched = new Int32Array(0);

  private prepareScratch(n: number): void {
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

  /** The `k` best live documents for the query words `groups`, best first. */
  rank(groups: readonly Group[], postings: PostingPool, docs: Documents, k: number): LocalHit[] {
    // Term at a time: each document gathers its BM25 score and how many query words it matched.
    // Within one word (a prefix and its expansions) a document keeps its best-scoring term.
    this.prepareScratch(docs.ids.length);
    const { stamp, matched, lastGroup, score, best, touched, epoch } = this;
    const { alive, lengths } = docs;
    const n = Math.max(1, docs.live);
    const norm0 = K1 * (1 - B);
    const norm1 = (K1 * B) / Math.max(1, docs.liveLength / n);
    let nTouched = 0;
    let coef = 0;
    let mark = 0;
    const visit = (d: number, w: number) => {
      if (!alive[d]) return;
      const tf = w / UNIT;
      const s = (coef * tf * (K1 + 1)) / (tf + norm0 + norm1 * lengths[d]!);
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
    groups.forEach((g, gi) => {
      mark = gi + 1;
      g.terms.forEach((t, ti) => {
        const df = Math.min(postings.count(t), n);
        coef = g.factors[ti]! * Math.log(1 + (n - df + 0.5) / (df + 0.5));
        postings.forEach(t, visit);
      });
    });

    // Every word matched (AND); failing that, any word, ranked by how many matched, then score.
    const all = groups.length;
    let candidates = 0;
    for (let i = 0; i < nTouched; i++) if (matched[touched[i]!] === all) touched[candidates++] = touched[i]!;
    const fallback = candidates === 0;
    if (fallback) candidates = nTouched;
    const better = fallback
      ? (a: number, b: number) => matched[a]! - matched[b]! || score[a]! - score[b]! || b - a
      : (a: number, b: number) => score[a]! - score[b]! || b - a;
    return topK(touched, candidates, k, better).map((d) => ({ id: docs.ids[d]!, score: score[d]! }));
  }
}

/**
 * The k best of items[0..n) by `cmp` (positive: first is better), best first, without sorting all n:
 * a min-heap of the k best so far.
 */
export function topK(items: Int32Array, n: number, k: number, cmp: (a: number, b: number) => number): number[] {
  if (n <= k) return Array.from(items.subarray(0, n)).sort((a, b) => cmp(b, a));
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && cmp(heap[l]!, heap[m]!) < 0) m = l;
      if (r < heap.length && cmp(heap[r]!, heap[m]!) < 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    const x = items[i]!;
    if (heap.length < k) {
      heap.push(x);
      for (let j = heap.length - 1; j > 0;) {
        const p = (j - 1) >> 1;
        if (cmp(heap[j]!, heap[p]!) >= 0) break;
        [heap[j], heap[p]] = [heap[p]!, heap[j]!];
        j = p;
      }
    } else if (cmp(x, heap[0]!) > 0) {
      heap[0] = x;
      down(0);
    }
  }
  return heap.sort((a, b) => cmp(b, a));
}
