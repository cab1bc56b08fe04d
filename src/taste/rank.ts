import type { Corpus, SeenPaper } from './corpus.js';
import { tasteScore, weightsOf, type TasteModel } from './model.js';
import type { Vector } from './vectors.js';

/** A feed's `rank` option: `hf` keeps HF upvote order, `team` always blends in the taste, `auto` once it has learnt enough. */
export type RankMode = 'auto' | 'team' | 'hf';
export const RANK_MODES: readonly RankMode[] = ['auto', 'team', 'hf'];

/**
 * `rank:auto` blends in the taste once the team has liked this many papers (and HF order before):
 * below it the blend was no better than HF order in bench/taste.ts.
 */
export const AUTO_MIN_LIKED = 3;

/** Which order a feed gets, and why. */
export type RankChoice =
  { order: 'hf'; reason: 'asked' | 'no-votes' | 'few-votes' } | { order: 'taste'; reason: 'asked' | 'enough-votes' };

/** The order `mode` gives with this model (undefined: the team has liked nothing). */
export function rankChoice(mode: RankMode, model: TasteModel | undefined): RankChoice {
  if (mode === 'hf') return { order: 'hf', reason: 'asked' };
  if (!model) return { order: 'hf', reason: 'no-votes' };
  if (mode === 'team') return { order: 'taste', reason: 'asked' };
  return model.counts.liked >= AUTO_MIN_LIKED
    ? { order: 'taste', reason: 'enough-votes' }
    : { order: 'hf', reason: 'few-votes' };
}

/** One paper's place in a team's order. */
export interface Placed {
  id: string;
  /** The blended score (higher first); HF upvotes in HF order. */
  score: number;
  /** Its place in HF upvote order (0 first). */
  hfRank: number;
  /** The taste's own score (a logit), when the taste was used. */
  taste?: number;
}

/** HF upvote order: most upvotes first, ties by id (as `rankByUpvotes` without comments). */
export const hfOrder = (papers: readonly SeenPaper[]): SeenPaper[] =>
  [...papers].sort((a, b) => b.upvotes - a.upvotes || (a.id < b.id ? -1 : 1));

const zScores = (xs: readonly number[]): number[] => {
  const mean = xs.reduce((s, x) => s + x, 0) / (xs.length || 1);
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length || 1)) || 1;
  return xs.map((x) => (x - mean) / sd);
};

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Orders a day's papers for a team: the blend of its taste (weight `model.blend`) and HF upvotes,
 * each as a z-score within the day, ties by paper id; `vectors` are the papers' tf-idf vectors.
 */
export function blendOrder(
  model: TasteModel,
  papers: readonly SeenPaper[],
  vectors: readonly Vector[],
  weights: ReadonlyMap<number, number> = weightsOf(model),
): Placed[] {
  const hfRank = new Map(hfOrder(papers).map((p, i) => [p.id, i]));
  const taste = vectors.map((v) => tasteScore(weights, model.bias, v));
  const t = zScores(taste);
  const u = zScores(papers.map((p) => Math.log1p(p.upvotes)));
  const lambda = model.blend;
  return papers
    .map((p, i) => ({
      id: p.id,
      score: round(lambda * t[i]! + (1 - lambda) * u[i]!),
      hfRank: hfRank.get(p.id)!,
      taste: round(taste[i]!),
    }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/** HF order as placements (score: the upvotes). */
export const hfPlaced = (papers: readonly SeenPaper[]): Placed[] =>
  hfOrder(papers).map((p, i) => ({ id: p.id, score: p.upvotes, hfRank: i }));

/** The day's papers' vectors, in order. */
export const vectorsOf = (papers: readonly SeenPaper[], corpus: Corpus): Vector[] =>
  papers.map((p) => corpus.vector(p));
