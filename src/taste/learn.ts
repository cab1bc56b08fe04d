import { BUCKETS } from './corpus.js';
import type { Vector } from './vectors.js';

/** One training example: a unit-length vector, liked (1) or not (0), and how much it counts. */
export interface Example {
  v: Vector;
  y: 0 | 1;
  weight: number;
  /** The team's own judgement (a like or a "not interested"), not a paper drawn at random or only shown. */
  own?: boolean;
}

/** An example's vector over the learnt features: their local numbers, and its values. */
export interface Row {
  idx: Int32Array;
  val: Float64Array;
}

/** The features learnt (bucket of each local number) and each example's row, in the examples' order. */
export interface Indexed {
  buckets: Int32Array;
  rows: Row[];
}

export interface LearnOptions {
  /** L2 penalty on the weights (the loss is the weighted mean log loss). */
  l2: number;
  iterations: number;
}

/**
 * Numbers the features learnt: those of the examples that say something of the team (liked, or
 * marked not interested); the other examples count only through those features. Done once, so
 * learning and the evidence work on plain arrays (a map lookup per feature per step made learning
 * a 300-vote team take several times longer, bench/taste.ts).
 */
export function indexExamples(examples: readonly Example[]): Indexed {
  // Local number + 1 by bucket (0: not learnt); one zeroed 4 MiB table is cheaper than a map lookup per feature.
  const slot = new Int32Array(BUCKETS + 1);
  const buckets: number[] = [];
  for (const e of examples) {
    if (e.y === 0 && !e.own) continue;
    for (const b of e.v.ids) if (slot[b] === 0) slot[b] = buckets.push(b);
  }
  const rows = examples.map((e) => {
    let m = 0;
    for (const b of e.v.ids) if (slot[b] !== 0) m++;
    const idx = new Int32Array(m);
    const val = new Float64Array(m);
    let j = 0;
    for (let i = 0; i < e.v.ids.length; i++) {
      const k = slot[e.v.ids[i]!]!;
      if (k === 0) continue;
      idx[j] = k - 1;
      val[j++] = e.v.vals[i]!;
    }
    return { idx, val };
  });
  return { buckets: Int32Array.from(buckets), rows };
}

/**
 * Weighted, L2-regularised logistic regression by Nesterov-accelerated gradient descent over
 * the whole set at each step: a team has hundreds of examples, not millions, so full batches are
 * cheap, and with no random order the same examples give the same weights on every run.
 *
 * With unit-length inputs the loss's gradient is Lipschitz with constant at most 1/4 + l2, so a
 * step of 1/L never overshoots. The bias is learnt unpenalised. Answers a weight per feature of `indexed`.
 */
export function logisticRegression(
  examples: readonly Example[],
  indexed: Indexed,
  opts: LearnOptions,
): { weights: Float64Array; bias: number } {
  const { rows } = indexed;
  const total = examples.reduce((s, e) => s + e.weight, 0) || 1;
  const n = indexed.buckets.length;
  const w = new Float64Array(n);
  const look = new Float64Array(n);
  const grad = new Float64Array(n);
  let bias = 0;
  let lookBias = 0;
  const step = 1 / (0.25 + opts.l2);
  for (let t = 1; t <= opts.iterations; t++) {
    grad.fill(0);
    let gBias = 0;
    for (let r = 0; r < rows.length; r++) {
      const { idx, val } = rows[r]!;
      const e = examples[r]!;
      let z = lookBias;
      for (let i = 0; i < idx.length; i++) z += look[idx[i]!]! * val[i]!;
      const g = (e.weight / total) * (1 / (1 + Math.exp(-z)) - e.y);
      gBias += g;
      for (let i = 0; i < idx.length; i++) grad[idx[i]!]! += g * val[i]!;
    }
    // One pass: the step from the look-ahead point, then the next look-ahead along the momentum (Nesterov).
    const mu = t / (t + 3);
    for (let k = 0; k < n; k++) {
      const next = look[k]! - step * (grad[k]! + opts.l2 * look[k]!);
      look[k] = next + mu * (next - w[k]!);
      w[k] = next;
    }
    const nextBias = lookBias - step * gBias;
    lookBias = nextBias + mu * (nextBias - bias);
    bias = nextBias;
  }
  return { weights: w, bias };
}

/** The `n` weights of largest magnitude, ties by bucket: what is stored. */
export function topWeights(buckets: Int32Array, weights: Float64Array, n: number): [number, number][] {
  const mags = weights.map(Math.abs);
  const cut = weights.length > n ? Float64Array.from(mags).sort()[weights.length - n]! : 0;
  const picked: number[] = [];
  for (let k = 0; k < weights.length; k++) if (mags[k]! > 0 && mags[k]! >= cut) picked.push(k);
  picked.sort((a, b) => mags[b]! - mags[a]! || buckets[a]! - buckets[b]!);
  return picked.slice(0, n).map((k) => [buckets[k]!, weights[k]!]);
}
