import { rng } from './taste-personas.js';

/** nDCG@k of an order against a set of liked ids (binary gains); undefined when nothing was liked. */
export function ndcg(order: readonly string[], liked: ReadonlySet<string>, k = 5): number | undefined {
  if (liked.size === 0) return undefined;
  let dcg = 0;
  order.slice(0, k).forEach((id, i) => {
    if (liked.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, liked.size); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

/** 1 when one of the first `k` was liked. */
export const hit = (order: readonly string[], liked: ReadonlySet<string>, k = 5): number =>
  order.slice(0, k).some((id) => liked.has(id)) ? 1 : 0;

/** Scholar Inbox's figure: each liked paper against the day's unliked ones, the share it is ranked above. */
export function aucs(order: readonly string[], liked: ReadonlySet<string>): number[] {
  const unliked = order.filter((id) => !liked.has(id)).length;
  if (unliked === 0) return [];
  const out: number[] = [];
  let below = unliked;
  for (const id of order) {
    if (liked.has(id)) out.push(below / unliked);
    else below--;
  }
  return out;
}

export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / (xs.length || 1);

/** A 95 % bootstrap interval of the mean of paired differences (seeded, so runs agree). */
export function bootstrap(diffs: readonly number[], rounds = 2000, seed = 7): [number, number] {
  const random = rng(seed);
  const means: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let s = 0;
    for (let i = 0; i < diffs.length; i++) s += diffs[Math.floor(random() * diffs.length)]!;
    means.push(s / diffs.length);
  }
  means.sort((a, b) => a - b);
  return [means[Math.floor(rounds * 0.025)]!, means[Math.floor(rounds * 0.975)]!];
}
