import type { Corpus, SeenPaper } from './corpus.js';
import type { Liked, TasteHistory } from './history.js';
import { blendWeight, predictiveEvidence, type Evidence } from './evidence.js';
import { indexExamples, logisticRegression, topWeights, type Example, type Row } from './learn.js';
import { dotMap, rounded, type Vector } from './vectors.js';

/** A liked paper kept with the model, for "why" lines: its title and its strongest feature buckets. */
export interface Anchor {
  id: string;
  title: string;
  voters: number;
  /** Imported or seeded rather than voted for. */
  imported?: boolean;
  vector: [number, number][];
}

/** A team's learnt taste: what is stored per team (capped in size) and what ranking reads. */
export interface TasteModel {
  /** Feature-bucket weights of the linear model, largest first (at most `TASTE.maxWeights`). */
  weights: [number, number][];
  bias: number;
  /** How much the taste counts against HF upvotes, 0 (HF order) to 1. */
  blend: number;
  counts: { liked: number; notInterested: number; shown: number };
  evidence: Evidence;
  anchors: Anchor[];
}

/** Tunables, fixed by bench/taste.ts. */
export const TASTE = {
  halfLifeDays: 90,
  /** Weights kept per team: the model's stored size. */
  maxWeights: 800,
  /** Liked papers kept for "why" lines, and features kept of each. */
  anchors: 20,
  anchorFeatures: 20,
  /** Easy negatives drawn from the corpus sample, and how much they count together against the positives. */
  randomNegatives: 150,
  randomWeight: 0.9,
  /** Below this many, the papers about to be ranked serve as easy negatives too. */
  fewestNegatives: 40,
  notInterestedWeight: 1,
  shownWeight: 0.3,
  l2: 0.02,
  iterations: 10,
} as const;

const DAY_MS = 86_400_000;

/** How much an event `at` counts at `asOf`: halves every `halfLifeDays`. */
export const decay = (at: number, asOf: number): number =>
  Math.pow(0.5, Math.max(0, asOf - at) / (TASTE.halfLifeDays * DAY_MS));

/** A vote by n people counts more than one, but not n times as much. */
const votersWeight = (n: number) => 1 + Math.log(Math.max(1, n));

/**
 * Learns a team's taste: a logistic regression on tf-idf vectors, positives the liked papers
 * (decayed, weighted by voters), negatives the papers marked not interested, the shown-and-ignored
 * ones (weakly) and a sample of other papers (easy negatives, never one of `exclude`, the papers
 * about to be ranked). Undefined when nothing was liked.
 */
export function buildModel(
  history: TasteHistory,
  corpus: Corpus,
  opts: { asOf: number; exclude?: ReadonlySet<string> },
): TasteModel | undefined {
  const byId = <T extends { paper: SeenPaper }>(a: T, b: T) => (a.paper.id < b.paper.id ? -1 : 1);
  const liked = [...history.liked].sort(byId);
  if (liked.length === 0) return undefined;
  const likedIds = new Set(liked.map((l) => l.paper.id));
  const marked = history.notInterested.filter((d) => !likedIds.has(d.paper.id)).sort(byId);
  const markedIds = new Set(marked.map((d) => d.paper.id));
  const shown = history.shown.filter((d) => !likedIds.has(d.paper.id) && !markedIds.has(d.paper.id)).sort(byId);
  const known = new Set([...likedIds, ...markedIds, ...shown.map((d) => d.paper.id)]);
  // Easy negatives: papers seen, not the team's own and not the ones about to be ranked; while the
  // bot has seen few papers besides those, the day's papers themselves (unlabelled, they weigh the same).
  const sample = corpus.sample().filter((p) => !known.has(p.id));
  let random = sample.filter((p) => !opts.exclude?.has(p.id)).slice(0, TASTE.randomNegatives);
  if (random.length < TASTE.fewestNegatives) random = sample.slice(0, TASTE.randomNegatives);

  const vectorOf = (p: SeenPaper) => corpus.vector(p);
  const exampleOf = vectorOf;
  const likedWeight = (l: Liked) => decay(l.at, opts.asOf) * votersWeight(l.voters);
  const examples: Example[] = [];
  let positive = 0;
  for (const l of liked) {
    const weight = likedWeight(l);
    positive += weight;
    examples.push({ v: exampleOf(l.paper), y: 1, weight, own: true });
  }
  for (const d of marked)
    examples.push({
      v: exampleOf(d.paper),
      y: 0,
      weight: TASTE.notInterestedWeight * decay(d.at, opts.asOf),
      own: true,
    });
  for (const d of shown)
    examples.push({ v: exampleOf(d.paper), y: 0, weight: TASTE.shownWeight * decay(d.at, opts.asOf) });
  // Together the random papers weigh about as much as the positives, whatever their number.
  const each = random.length ? (TASTE.randomWeight * positive) / random.length : 0;
  for (const p of random) examples.push({ v: exampleOf(p), y: 0, weight: each });

  const indexed = indexExamples(examples);
  const { weights, bias } = logisticRegression(examples, indexed, { l2: TASTE.l2, iterations: TASTE.iterations });
  // Every paper the evidence looks at is an example: liked, marked, shown or random, in that order.
  const rows = new Map<string, Row>();
  [...liked.map((l) => l.paper), ...marked.map((d) => d.paper), ...shown.map((d) => d.paper), ...random].forEach(
    (p, i) => rows.set(p.id, indexed.rows[i]!),
  );
  const features = { count: indexed.buckets.length, rowOf: (p: SeenPaper) => rows.get(p.id)! };
  const evidence = predictiveEvidence(liked, [...marked, ...shown], random, features, likedWeight);
  const anchors = [...liked]
    .sort((a, b) => b.at - a.at || b.voters - a.voters || (a.paper.id < b.paper.id ? -1 : 1))
    .slice(0, TASTE.anchors)
    .map((l) => {
      const v = vectorOf(l.paper);
      const strongest = Array.from(v.ids.keys())
        .sort((i, j) => v.vals[j]! - v.vals[i]! || v.ids[i]! - v.ids[j]!)
        .slice(0, TASTE.anchorFeatures);
      return {
        id: l.paper.id,
        title: l.paper.title,
        voters: l.voters,
        ...(l.imported ? { imported: true } : {}),
        vector: strongest.map((i): [number, number] => [v.ids[i]!, rounded(v.vals[i]!)]),
      };
    });
  return {
    weights: topWeights(indexed.buckets, weights, TASTE.maxWeights).map(([b, x]): [number, number] => [b, rounded(x)]),
    bias: rounded(bias),
    blend: blendWeight(evidence),
    counts: { liked: liked.length, notInterested: marked.length, shown: shown.length },
    evidence,
    anchors,
  };
}

/** The model's weights as a map, for scoring many papers. */
export const weightsOf = (m: TasteModel): Map<number, number> => new Map(m.weights);

/** A paper's taste score under the model (a logit, not a probability). */
export const tasteScore = (weights: ReadonlyMap<number, number>, bias: number, v: Vector): number =>
  bias + dotMap(weights, v);
