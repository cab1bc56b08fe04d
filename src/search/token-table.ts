import { grownInt32 } from './posting-pool.js';
import { hashOf } from './tokens.js';

/** What `TokenTable.find` and `TokenTable.get` return for a key not in the table. */
export const MISSING = -2;

/**
 * Open-addressing hash table from token text to a number, looked up straight from a span of the
 * text being scanned: a Map would need a new string per token (28M of them for 100k papers).
 */
export class TokenTable {
  private slots = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 11);
  private values = new Int32Array(1 << 11);
  private readonly keys: string[] = [];

  /** The value stored for `src.slice(start, end)` (whose hash is `hash`), or MISSING. */
  find(src: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const e = this.slots[i]! - 1;
      if (e < 0) return MISSING;
      if (this.hashes[e] !== hash) continue;
      const key = this.keys[e]!;
      if (key.length !== len) continue;
      let j = 0;
      while (j < len && key.charCodeAt(j) === src.charCodeAt(start + j)) j++;
      if (j === len) return this.values[e]!;
    }
  }

  /** The value stored for `key`, or MISSING. */
  get(key: string): number {
    return this.find(key, 0, key.length, hashOf(key));
  }

  /** Stores a key known to be absent. */
  insert(key: string, hash: number, value: number): void {
    const e = this.keys.length;
    this.keys.push(key);
    this.hashes = grownInt32(this.hashes, e + 1);
    this.values = grownInt32(this.values, e + 1);
    this.hashes[e] = hash;
    this.values[e] = value;
    if (2 * (e + 1) > this.slots.length) {
      const slots = new Int32Array(this.slots.length * 2);
      const mask = slots.length - 1;
      for (let k = 0; k < e; k++) {
        let i = this.hashes[k]! & mask;
        while (slots[i] !== 0) i = (i + 1) & mask;
        slots[i] = k + 1;
      }
      this.slots = slots;
    }
    const mask = this.slots.length - 1;
    let i = hash & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = e + 1;
  }
}

/** The first index in `sorted` whose string is not less than `key` (`sorted.length` if none). */
export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
