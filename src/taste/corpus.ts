import type { Paper } from '../model.js';
import { hashOf } from '../search/tokens.js';
import { featuresOf, type Features } from './features.js';
import { tfidf, type Vector } from './vectors.js';

/** A paper as the taste model keeps it: its features (as hashed buckets, ascending) and what a "why" line names. */
export interface SeenPaper {
  id: string;
  title: string;
  /** The Daily Papers day it was featured on, when it was. */
  day?: string;
  upvotes: number;
  /** Feature buckets (`bucketOf`), ascending, and each one's term-frequency weight (`featuresOf`). */
  ids: Int32Array;
  tf: Float64Array;
}

/**
 * Document frequencies over every paper the bot has seen, for tf-idf weights, and a fixed sample
 * of those papers to serve as easy negatives (Scholar Inbox trains on random papers the same way).
 *
 * Frequencies are counted in a fixed table of 2^20 hashed buckets (4 MiB) rather than per feature:
 * phrases over 100,000 papers run to millions of distinct strings, and a collision only nudges one
 * rare feature's weight. The sample keeps the papers whose id hashes lowest (a bottom-k sketch), so
 * it depends only on which papers were seen, never on the order they came in: the same papers give
 * the same sample on every backend and after a restart.
 */
export interface Corpus {
  /** Counts papers not seen before (a paper's first version counts; later refreshes do not). */
  add(papers: readonly Paper[]): void;
  /** How many distinct papers were counted. */
  readonly size: number;
  /** Inverse document frequency of a feature bucket: rare features weigh more. */
  idfOf(bucket: number): number;
  /** The paper's features and facts, computed once and kept for the papers used most recently. */
  seen(p: Paper): SeenPaper;
  /** A kept paper by id, without its record, when it is still kept. */
  kept(id: string): SeenPaper | undefined;
  /** The paper's tf-idf vector (`tfidf`), kept until the corpus grows. */
  vector(p: SeenPaper): Vector;
  /** The sample of seen papers (at most `SAMPLE_SIZE`), in id-hash order. */
  sample(): readonly SeenPaper[];
}

/** Hashed feature buckets: document frequencies and model weights are kept per bucket. */
export const BUCKETS = 1 << 20;
/** Papers kept as easy negatives. */
export const SAMPLE_SIZE = 600;
/** Papers whose features stay computed (a few months of Daily Papers, about 20 MB). */
const KEPT = 3000;
/** The growth of the corpus after which papers' vectors are weighed again. */
const REVECTOR = 0.02;

const unsigned = (h: number) => h >>> 0;

/** The bucket a feature is counted and weighed in. */
export const bucketOf = (feature: string): number => unsigned(hashOf(feature)) & (BUCKETS - 1);

/** Features as sorted buckets; two features in one bucket add up. */
export function bucketed(features: Features): { ids: Int32Array; tf: Float64Array } {
  const sums = new Map<number, number>();
  for (const [f, x] of features) {
    const b = bucketOf(f);
    sums.set(b, (sums.get(b) ?? 0) + x);
  }
  const sorted = [...sums].sort((a, b) => a[0] - b[0]);
  return { ids: Int32Array.from(sorted, ([b]) => b), tf: Float64Array.from(sorted, ([, x]) => x) };
}

export function createCorpus(): Corpus {
  const df = new Uint32Array(BUCKETS);
  const counted = new Set<string>();
  const kept = new Map<string, SeenPaper>();
  /** The sample, sorted by id hash, with each hash. */
  let sample: { hash: number; paper: SeenPaper }[] = [];

  const seen = (p: Paper): SeenPaper => {
    const hit = kept.get(p.id);
    if (hit) {
      kept.delete(p.id);
      kept.set(p.id, hit);
      return hit.upvotes === p.upvotes ? hit : { ...hit, upvotes: p.upvotes };
    }
    const fresh: SeenPaper = {
      id: p.id,
      title: p.title,
      ...(p.featuredOn ? { day: p.featuredOn } : {}),
      upvotes: p.upvotes,
      ...bucketed(featuresOf(p)),
    };
    kept.set(p.id, fresh);
    if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
    return fresh;
  };

  /**
   * Vectors by paper id, for the corpus as it was at `vectorsAt` papers. Document frequencies
   * change as the corpus grows, but a day's papers change them by a few percent at most: vectors
   * are worked out again once it has grown by `REVECTOR` (weighing every history paper again each
   * time a paper arrived took most of the time of learning a model).
   */
  let vectors = new Map<string, Vector>();
  let vectorsAt = -1;

  const corpus: Corpus = {
    vector(p) {
      if (vectorsAt < 0 || counted.size > vectorsAt * (1 + REVECTOR)) {
        vectors = new Map();
        vectorsAt = counted.size;
      }
      let v = vectors.get(p.id);
      if (!v) {
        v = tfidf(p, corpus.idfOf);
        vectors.set(p.id, v);
        if (vectors.size > KEPT) vectors.delete(vectors.keys().next().value!);
      }
      return v;
    },
    add(papers) {
      for (const p of papers) {
        if (counted.has(p.id)) continue;
        counted.add(p.id);
        const s = seen(p);
        for (const b of s.ids) df[b]! += 1;
        const hash = unsigned(hashOf(`sample|${p.id}`));
        if (sample.length < SAMPLE_SIZE || hash < sample[sample.length - 1]!.hash) {
          sample.push({ hash, paper: s });
          sample.sort((a, b) => a.hash - b.hash || (a.paper.id < b.paper.id ? -1 : 1));
          if (sample.length > SAMPLE_SIZE) sample = sample.slice(0, SAMPLE_SIZE);
        }
      }
    },
    get size() {
      return counted.size;
    },
    idfOf(bucket) {
      const n = df[bucket]!;
      return Math.log((counted.size + 1) / (n + 1)) + 1;
    },
    seen,
    kept: (id) => kept.get(id),
    sample: () => sample.map((s) => s.paper),
  };
  return corpus;
}
