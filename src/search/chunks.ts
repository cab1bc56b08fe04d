/*
 * Postings as the on-disk index stores them: per term, chunks of at most CHUNK_BYTES bytes, each
 * a run of postings in ascending document order. A posting is a varint of twice the gap from the
 * previous document (the chunk starts from 0) plus 1 when a weight byte follows (else the weight
 * is W_ABSTRACT, the common case), then one byte of the document's length norm: BM25 needs every
 * candidate's length, and reading it beside the posting spares a lookup per candidate.
 */
import { W_ABSTRACT } from './posting-pool.js';

/** A chunk is closed once it holds this many bytes; appending starts a new one. */
export const CHUNK_BYTES = 2048;

/** Length norms are a log scale in 4 % steps: 255 steps reach lengths of about 22,000 weight units. */
const NORM_BASE = Math.log(1.04);

/** A document's field-weighted length as one byte. */
export const normOf = (length: number): number => Math.min(255, Math.round(Math.log1p(length) / NORM_BASE));
/** The length a norm stands for (within 2 %). */
export const lengthOf = (norm: number): number => Math.expm1(norm * NORM_BASE);
/** Each norm's length, computed once. */
export const NORM_LENGTHS: Float64Array = Float64Array.from({ length: 256 }, (_, n) => lengthOf(n));

/** Writes one posting after `prev` (the previous document of the chunk, 0 for none) into `out`. */
export function pushPosting(out: number[], prev: number, doc: number, weight: number, norm: number): void {
  const plain = weight === W_ABSTRACT;
  let code = 2 * (doc - prev) + (plain ? 0 : 1);
  for (; code > 127; code = Math.floor(code / 128)) out.push((code % 128) | 128);
  out.push(code);
  if (!plain) out.push(weight);
  out.push(norm);
}

/** Calls `fn` with each posting of a chunk, documents ascending. */
export function forEachPosting(data: Uint8Array, fn: (doc: number, weight: number, norm: number) => void): void {
  let doc = 0;
  for (let at = 0; at < data.length;) {
    let b = data[at++]!;
    let code = b & 127;
    for (let scale = 128; b > 127; scale *= 128) {
      b = data[at++]!;
      code += (b & 127) * scale;
    }
    doc += Math.floor(code / 2);
    const weight = code % 2 ? data[at++]! : W_ABSTRACT;
    fn(doc, weight, data[at++]!);
  }
}

/** A chunk's postings, decoded. */
export interface Postings {
  docs: number[];
  weights: number[];
  norms: number[];
}

export function decodeChunk(data: Uint8Array): Postings {
  const out: Postings = { docs: [], weights: [], norms: [] };
  forEachPosting(data, (doc, weight, norm) => {
    out.docs.push(doc);
    out.weights.push(weight);
    out.norms.push(norm);
  });
  return out;
}

/** Postings in ascending document order as bytes; `prev` is the document before the first (0: it starts a chunk). */
export function encodeChunk(p: Postings, prev = 0): Buffer {
  const out: number[] = [];
  for (let i = 0; i < p.docs.length; i++)
    pushPosting(out, i ? p.docs[i - 1]! : prev, p.docs[i]!, p.weights[i]!, p.norms[i]!);
  return Buffer.from(out);
}
