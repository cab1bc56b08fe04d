import type { Paper } from '../model.js';
import { truncate } from '../text/truncate.js';
import { bucketOf } from './corpus.js';
import { featureLabel, featuresOf } from './features.js';
import type { Anchor } from './model.js';
import type { Vector } from './vectors.js';

/** A "why" line is at most this long. */
export const WHY_MAX = 120;
/** A liked paper this similar (cosine of tf-idf vectors) is named as the reason. */
const ANCHOR_MIN = 0.12;

/** The liked paper most like `v`, when one is like it enough. */
export function nearestAnchor(
  anchors: readonly Anchor[],
  v: Vector,
): { anchor: Anchor; similarity: number } | undefined {
  const x = new Map<number, number>();
  v.ids.forEach((b, i) => x.set(b, v.vals[i]!));
  let best: { anchor: Anchor; similarity: number } | undefined;
  for (const anchor of anchors) {
    let s = 0;
    for (const [b, a] of anchor.vector) s += a * (x.get(b) ?? 0);
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

const titleCase = (s: string) => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

/**
 * The paper's features that raise its score most under `weights`, strongest first: keywords,
 * phrases, authors, categories and organizations before single words, which say least to a reader.
 */
export function strongestFeatures(p: Paper, weights: ReadonlyMap<number, number>, n: number): string[] {
  const scored: [string, number][] = [];
  for (const [f, x] of featuresOf(p)) {
    const w = weights.get(bucketOf(f)) ?? 0;
    if (w <= 0) continue;
    scored.push([f, w * x * (f.startsWith('w:') ? 0.5 : 1)]);
  }
  return scored
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([f]) => f);
}

/**
 * The line under a card the taste moved up: the team's liked paper it is most like, and the
 * feature that counted most. "Because 4 of you voted for “Speculative Decoding Survey” · matches
 * “speculative decoding”". Never a score; at most WHY_MAX characters (the title is cut first).
 */
export function whyLine(
  p: Paper,
  v: Vector,
  anchors: readonly Anchor[],
  weights: ReadonlyMap<number, number>,
): string | undefined {
  const near = nearestAnchor(
    anchors.filter((a) => a.id !== p.id),
    v,
  );
  const features = strongestFeatures(p, weights, 2).map(featurePhrase);
  if (!near) {
    if (features.length === 0) return undefined;
    return truncate(`Close to what this team votes for: ${features.join(' · ')}`, WHY_MAX);
  }
  const { anchor } = near;
  const who = anchor.imported
    ? 'Like “%”, one of this team’s imported papers'
    : anchor.voters > 1
      ? `Because ${anchor.voters} of you voted for “%”`
      : 'Because one of you voted for “%”';
  const tail = features[0] ? ` · ${features[0]}` : '';
  const room = WHY_MAX - (who.length - 1) - tail.length;
  if (room < 12) return truncate(who.replace('%', truncate(anchor.title, 40)), WHY_MAX);
  return who.replace('%', truncate(anchor.title, room)) + tail;
}
