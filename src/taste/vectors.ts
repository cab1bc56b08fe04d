/**
 * A sparse vector over the corpus's hashed feature buckets: bucket numbers ascending, and their
 * values. Typed arrays rather than maps: a team's model is learnt from hundreds of papers of
 * hundreds of features each, and a map lookup per feature made learning one take about 130 ms
 * (bench/taste.ts, 2 shared cores); over arrays it takes a few.
 */
export interface Vector {
  ids: Int32Array;
  vals: Float64Array;
}

/** At most this many features of a paper take part (its strongest by tf-idf). */
export const VECTOR_FEATURES = 160;

/** A paper's tf-idf vector, unit length: its strongest features weighted by how rare each is (`idfOf`). */
export function tfidf(p: { ids: Int32Array; tf: Float64Array }, idfOf: (bucket: number) => number): Vector {
  const n = p.ids.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = p.tf[i]! * idfOf(p.ids[i]!);
  let keep: number[] | undefined;
  if (n > VECTOR_FEATURES) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[b]! - x[a]! || a - b);
    keep = order.slice(0, VECTOR_FEATURES).sort((a, b) => a - b);
  }
  const m = keep ? keep.length : n;
  const ids = new Int32Array(m);
  const vals = new Float64Array(m);
  let sum = 0;
  for (let j = 0; j < m; j++) {
    const i = keep ? keep[j]! : j;
    ids[j] = p.ids[i]!;
    vals[j] = x[i]!;
    sum += x[i]! * x[i]!;
  }
  const norm = Math.sqrt(sum) || 1;
  for (let j = 0; j < m; j++) vals[j] = vals[j]! / norm;
  return { ids, vals };
}

/** The dot product of two vectors (a merge of their sorted buckets). */
export function dot(a: Vector, b: Vector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) s += a.vals[i++]! * b.vals[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return s;
}

/** A vector's dot product with weights held in a map (a stored model). */
export function dotMap(weights: ReadonlyMap<number, number>, v: Vector): number {
  let s = 0;
  for (let i = 0; i < v.ids.length; i++) {
    const w = weights.get(v.ids[i]!);
    if (w !== undefined) s += w * v.vals[i]!;
  }
  return s;
}

/** Rounded for storing: the stored model stays small, and equal on every backend. */
export const rounded = (x: number): number => Math.round(x * 1e6) / 1e6;
