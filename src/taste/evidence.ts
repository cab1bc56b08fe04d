import type { SeenPaper } from './corpus.js';
import type { Dated, Liked } from './history.js';
import type { Row } from './learn.js';

/**
 * How well the team's past votes predicted its later ones, against how well HF upvotes did, and
 * the blend of the two that predicted best. Each liked paper is judged by the papers liked on days
 * before its own (a prequential test: what the taste knew then predicting what came next), and
 * compared with papers it was not (those marked or shown around then, and a few random ones) by its
 * similarity to the papers liked before it, by its upvotes, and by blends of both: each figure is
 * the mean AUC over those comparisons (0.5 is chance).
 */
export interface Evidence {
  /** AUC of the similarity to earlier likes alone. */
  taste: number;
  /** AUC of HF upvotes alone. */
  hf: number;
  /** The taste's weight in the blend that scored best (0 to 1). */
  best: number;
  /** Liked papers judged (the first few have nothing before them). */
  judged: number;
}

/** Liked papers judged at most (the most recent), and papers each is compared with. */
const JUDGED = 40;
const AGAINST = 24;
/** Liked papers of earlier days needed before one is judged. */
const FIRST = 2;
const NEAR_MS = 3 * 86_400_000;
/** The blends tried: the taste's weight 0, 0.1, …, 1. */
const GRID = Array.from({ length: 11 }, (_, i) => i / 10);

const zScores = (xs: readonly number[]): number[] => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) || 1;
  return xs.map((x) => (x - mean) / sd);
};

/** The share of `others` below `own` (ties half). */
const auc = (own: number, others: readonly number[]) =>
  others.reduce((s, o) => s + (own > o ? 1 : own === o ? 0.5 : 0), 0) / others.length;

export function predictiveEvidence(
  liked: readonly Liked[],
  against: readonly Dated[],
  random: readonly SeenPaper[],
  features: { count: number; rowOf(p: SeenPaper): Row },
  weightOf: (l: Liked) => number,
): Evidence {
  const { rowOf } = features;
  // Judged by the days before its own: a day's likes are predicted from earlier days' only. The
  // day is the one the paper was featured on, else the day it was liked (an import has no other).
  const dayOf = (l: Liked) => l.paper.day ?? new Date(l.at).toISOString().slice(0, 10);
  const order = [...liked].sort(
    (a, b) => dayOf(a).localeCompare(dayOf(b)) || a.at - b.at || (a.paper.id < b.paper.id ? -1 : 1),
  );
  // The centroid of earlier likes over the learnt features: every paper here is an example, with its row.
  const centroid = new Float64Array(features.count);
  const dot = (r: Row) => {
    let s = 0;
    for (let i = 0; i < r.idx.length; i++) s += centroid[r.idx[i]!]! * r.val[i]!;
    return s;
  };
  const sums = GRID.map(() => 0);
  let judged = 0;
  let inCentroid = 0;
  const start = Math.max(0, order.length - JUDGED);
  for (let i = 0; i < order.length; i++) {
    const l = order[i]!;
    while (inCentroid < i && dayOf(order[inCentroid]!) < dayOf(l)) {
      const r = rowOf(order[inCentroid]!.paper);
      const w = weightOf(order[inCentroid]!);
      for (let k = 0; k < r.idx.length; k++) centroid[r.idx[k]!]! += r.val[k]! * w;
      inCentroid++;
    }
    if (i < start || inCentroid < FIRST || random.length + against.length === 0) continue;
    const others = against
      .filter((d) => Math.abs(d.at - l.at) <= NEAR_MS)
      .slice(0, AGAINST)
      .map((d) => d.paper);
    for (let j = 0; others.length < AGAINST && j < random.length; j++)
      others.push(random[(i * 7 + j) % random.length]!);
    const all = [l.paper, ...others];
    const sim = zScores(all.map((p) => dot(rowOf(p))));
    const up = zScores(all.map((p) => Math.log1p(p.upvotes)));
    GRID.forEach((lambda, g) => {
      const score = all.map((_, k) => lambda * sim[k]! + (1 - lambda) * up[k]!);
      sums[g]! += auc(score[0]!, score.slice(1));
    });
    judged++;
  }
  if (!judged) return { taste: 0.5, hf: 0.5, best: 0.5, judged: 0 };
  const means = sums.map((s) => s / judged);
  // The blend nearest HF order that predicted about as well as the best one: the taste has to earn its weight.
  const top = Math.max(...means);
  let best = means.findIndex((m) => m >= top - 0.01);
  // And better than HF order by more than chance would give over this few judged papers.
  if (means[best]! - means[0]! < 0.1 / Math.sqrt(judged)) best = 0;
  return { taste: means[GRID.length - 1]!, hf: means[0]!, best: GRID[best]!, judged };
}

/**
 * The weight of the taste in the blend: the blend that predicted the team's votes best, trusted
 * more as more liked papers were judged (an untested taste leans on HF upvotes).
 */
export function blendWeight(e: Evidence): number {
  const k = 3;
  const trust = e.judged / (e.judged + k);
  const w = e.best * trust;
  return Math.round(w * 1000) / 1000;
}
