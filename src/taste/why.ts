import type { Paper } from '../model.js';
import { truncate } from '../text/truncate.js';
import { bucketOf } from './corpus.js';
import { featureLabel, featuresOf } from './features.js';
import type { Anchor } from './model.js';
import { dot, type Vector } from './vectors.js';

/** A "why" line is at most this long. */
export const WHY_MAX = 120;
/** A liked paper this similar (cosine of tf-idf vectors) is named as the reason. */
const ANCHOR_MIN = 0.05;

/**
 * The liked paper most like `v`, when one is like it enough: by the full vectors of the liked
 * papers still in memory (`vectorOf`), else by the strongest features kept with each.
 */
export function nearestAnchor(
  anchors: readonly Anchor[],
  v: Vector,
  vectorOf: (id: string) => Vector | undefined = () => undefined,
): { anchor: Anchor; similarity: number } | undefined {
  const x = new Map<number, number>();
  v.ids.forEach((b, i) => x.set(b, v.vals[i]!));
  let best: { anchor: Anchor; similarity: number } | undefined;
  for (const anchor of anchors) {
    const full = vectorOf(anchor.id);
    let s = 0;
    if (full) s = dot(full, v);
    else for (const [b, a] of anchor.vector) s += a * (x.get(b) ?? 0);
    if (s >= ANCHOR_MIN && (!best || s > best.similarity)) best = { anchor, similarity: s };
  }
  return best;
}

/** A feature as a reader says it: "matches “speculative decoding”", "by Jane Doe", "in cs.CL". */
export function featurePhrase(feature: string): string {
  const label = featureLabel(feature);
  switch (feature.slice(0, 2)) {
    case 'a:':
      return `by ${titleCase(label)}`;
    case 'c:':
      return `in ${label}`;
    case 'o:':
      return `from ${titleCase(label)}`;
    default:
      return `matches “${label}”`;
  }
}

/** A feature as a quoted phrase ("“speculative decoding”"), an author or category as it is. */
const quotedLabel = (feature: string) =>
  feature.startsWith('w:') || feature.startsWith('b:') || feature.startsWith('k:')
    ? `“${featureLabel(feature)}”`
    : featurePhrase(feature);

const titleCase = (s: string) => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

/** How much each kind of feature says to a reader: HF's keywords are the cleanest concepts, single words the vaguest. */
const SAYS: Record<string, number> = { k: 1.5, b: 1, a: 1.2, o: 0.8, c: 0.8, w: 0.3 };

/**
 * The paper's features that raise its score most under `weights`, strongest first (weighted by how
 * much each kind says to a reader), leaving out a feature a stronger one already says ("world" after
 * "world model") and labels too short to mean anything.
 */
export function strongestFeatures(
  p: Paper,
  weights: ReadonlyMap<number, number>,
  n: number,
  idfOf: (bucket: number) => number = () => 1,
): string[] {
  const scored: [string, number][] = [];
  for (const [f, x] of featuresOf(p)) {
    const bucket = bucketOf(f);
    const w = weights.get(bucket) ?? 0;
    const label = featureLabel(f);
    if (w <= 0 || label.length < 3 || /^[\d\s]*[a-z]?$/i.test(label.replace(/\d/g, ''))) continue;
    // Rare features explain more than common ones ("large scale" is in every other abstract).
    scored.push([f, w * x * idfOf(bucket) ** 2 * (SAYS[f[0]!] ?? 1)]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const chosen: string[] = [];
  for (const [f] of scored) {
    const label = featureLabel(f);
    if (chosen.some((c) => featureLabel(c).includes(label) || label.includes(featureLabel(c)))) continue;
    chosen.push(f);
    if (chosen.length === n) break;
  }
  return chosen;
}

/**
 * The line under a card the taste moved up: the team's liked paper it is most like, and the
 * feature that counted most. "Because 4 of you voted for “Speculative Decoding Survey” · matches
 * “speculative decoding”". Never a score; at most WHY_MAX characters (the title is cut first).
 */
export function whyLine(
  p: Paper,
  v: Vector,
  model: { anchors: readonly Anchor[]; weights: ReadonlyMap<number, number> },
  corpus: { idfOf(bucket: number): number; vectorOf(id: string): Vector | undefined },
): string | undefined {
  const near = nearestAnchor(
    model.anchors.filter((a) => a.id !== p.id),
    v,
    corpus.vectorOf,
  );
  const strongest = strongestFeatures(p, model.weights, 2, corpus.idfOf);
  const features = strongest.map(featurePhrase);
  if (!near) {
    if (strongest.length === 0) return undefined;
    return truncate(`Like what this team votes for: ${strongest.map(quotedLabel).join(', ')}`, WHY_MAX);
  }
  const { anchor } = near;
  const who = anchor.imported
    ? 'Like “%”, which this team imported'
    : anchor.voters > 1
      ? `Because ${anchor.voters} of you voted for “%”`
      : 'Because one of you voted for “%”';
  const tail = features[0] ? ` · ${features[0]}` : '';
  const room = WHY_MAX - (who.length - 1) - tail.length;
  if (room < 12) return truncate(who.replace('%', truncate(anchor.title, 40)), WHY_MAX);
  return who.replace('%', truncate(anchor.title, room)) + tail;
}
