import type { Vector } from './vectors.js';

/** One training example: a unit-length vector, liked (1) or not (0), and how much it counts. */
export interface Example {
  v: Vector;
  y: 0 | 1;
  weight: number;
  /** The team's own judgement (a like or a "not interested"), not a paper drawn at random or only shown. */
  own?: boolean;
}

export interface LearnOptions {
  /** L2 penalty on the weights (the loss is the weighted mean log loss). */
  l2: number;
  iterations: number;
}

/**
 * Weighted, L2-regularised logistic regression by Nesterov-accelerated gradient descent over
 * the whole set at each step: a team has hundreds of examples, not millions, so full batches are
 * cheap, and with no random order the same examples give the same weights on every run.
 *
 * With unit-length inputs the loss's gradient is Lipschitz with constant at most 1/4 + l2, so a
 * step of 1/L never overshoots. The bias is learnt unpenalised. Answers bucket → weight.
 */
export function logisticRegression(
  examples: readonly Example[],
  opts: LearnOptions,
): { weights: Map<number, number>; bias: number } {
  // The features learnt: those of the examples that say something of the team (liked, or marked
  // not interested, weight ≥ 1/2 of a vote); random papers only count through those features.
  const index = new Map<number, number>();
  const buckets: number[] = [];
  for (const e of examples) {
    if (e.y === 0 && !e.own) continue;
    for (const b of e.v.ids)
      if (!index.has(b)) {
        index.set(b, buckets.length);
        buckets.push(b);
      }
  }
  const rows = examples.map((e) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (let i = 0; i < e.v.ids.length; i++) {
      const k = index.get(e.v.ids[i]!);
      if (k === undefined) continue;
      idx.push(k);
      val.push(e.v.vals[i]!);
    }
    return { idx: Int32Array.from(idx), val: Float64Array.from(val), y: e.y, weight: e.weight };
  });
  const total = examples.reduce((s, e) => s + e.weight, 0) || 1;
  const n = buckets.length;
  let w = new Float64Array(n);
  let prev = new Float64Array(n);
  const look = new Float64Array(n);
  const grad = new Float64Array(n);
  let bias = 0;
  let prevBias = 0;
  const step = 1 / (0.25 + opts.l2);
  for (let t = 1; t <= opts.iterations; t++) {
    // Look ahead along the momentum (Nesterov), then take the gradient there.
    const mu = (t - 1) / (t + 2);
    for (let k = 0; k < n; k++) look[k] = w[k]! + mu * (w[k]! - prev[k]!);
    const lookBias = bias + mu * (bias - prevBias);
    grad.fill(0);
    let gBias = 0;
    for (const r of rows) {
      const { idx, val } = r;
      let z = lookBias;
      for (let i = 0; i < idx.length; i++) z += look[idx[i]!]! * val[i]!;
      const g = (r.weight / total) * (1 / (1 + Math.exp(-z)) - r.y);
      gBias += g;
      for (let i = 0; i < idx.length; i++) grad[idx[i]!]! += g * val[i]!;
    }
    // prev ← w, w ← look − step·∇ (reusing the older array).
    const older = prev;
    prev = w;
    w = older;
    for (let k = 0; k < n; k++) w[k] = look[k]! - step * (grad[k]! + opts.l2 * look[k]!);
    prevBias = bias;
    bias = lookBias - step * gBias;
  }
  const weights = new Map<number, number>();
  for (let k = 0; k < n; k++) if (w[k] !== 0) weights.set(buckets[k]!, w[k]!);
  return { weights, bias };
}
