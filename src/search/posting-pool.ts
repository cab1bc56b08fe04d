// Field weights in half-units so that a (term, paper) weight fits a byte: title 4, authors 2.5,
// keywords and AI summary 1.5, abstract 1.
/** Weight of a title word. */
export const W_TITLE = 8;
/** Weight of a word of an author's name. */
export const W_AUTHORS = 5;
/** Weight of a keyword or AI-summary word. */
export const W_KEYWORDS = 3;
/** Weight of an abstract word; also the weight of postings stored without a weight byte. */
export const W_ABSTRACT = 2;
/** Weight units per unit of term frequency. */
export const UNIT = 2;
/** A posting's weight is capped to fit its byte. */
export const MAX_WEIGHT = 255;

/** `a` if it has room for `need` elements, else a copy grown by half (at least to `need`). */
export function grownInt32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length + (a.length >> 1), 16));
  b.set(a);
  return b;
}

/** `a` if it has room for `need` elements, else a copy grown by half (at least to `need`). */
export function grownUint32(a: Uint32Array<ArrayBuffer>, need: number): Uint32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Uint32Array(Math.max(need, a.length + (a.length >> 1), 16));
  b.set(a);
  return b;
}

/** `a` if it has room for `need` elements, else a copy grown by half (at least to `need`). */
export function grownUint8(a: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, a.length + (a.length >> 1), 16));
  b.set(a);
  return b;
}

// Postings pool: fixed 1 MiB byte chunks, allocated and never freed (until a compaction replaces
// the whole pool). Each term owns a chain of blocks of geometrically growing size; a block starts
// with the 4-byte address of the next one, then postings: a varint of twice the gap from the
// previous document number (never 0, so a 0 byte marks a block's unused end) plus 1 when a weight
// byte follows; postings without one (most: a word said once, in the abstract) weigh W_ABSTRACT.
const POOL_BITS = 20;
const POOL_CHUNK = 1 << POOL_BITS;
const POOL_MASK = POOL_CHUNK - 1;
const MAX_LEVEL = 8;
/** 10 bytes fit the header and the largest posting (5-byte gap, weight); the largest block is 2.5 KiB. */
const blockBytes = (level: number) => 10 << level;

/** Every term's postings (document number, weight), packed into shared byte chunks. */
export class PostingPool {
  private readonly chunks: Uint8Array[] = [];
  private used = POOL_CHUNK;
  // Per term: first block address + 1 (0: no postings), current block, write position in it, its
  // level (size class), the last document appended and the number of postings.
  private first = new Int32Array(0);
  private current = new Int32Array(0);
  private end = new Int32Array(0);
  private level = new Uint8Array(0);
  private last = new Int32Array(0);
  private counts = new Int32Array(0);

  /** Makes room for terms 0..n-1. */
  ensureTerms(n: number): void {
    if (n <= this.first.length) return;
    this.first = grownInt32(this.first, n);
    this.current = grownInt32(this.current, n);
    this.end = grownInt32(this.end, n);
    this.level = grownUint8(this.level, n);
    this.last = grownInt32(this.last, n);
    this.counts = grownInt32(this.counts, n);
  }

  /** Postings of term t, live or not. */
  count(t: number): number {
    return this.counts[t]!;
  }

  private alloc(bytes: number): number {
    if (this.used + bytes > POOL_CHUNK) {
      this.chunks.push(new Uint8Array(POOL_CHUNK));
      this.used = 0;
    }
    const addr = (this.chunks.length - 1) * POOL_CHUNK + this.used;
    this.used += bytes;
    return addr;
  }

  /** Appends a posting; documents must arrive in ascending order per term, and stay below 2^30. */
  append(t: number, doc: number, weight: number): void {
    const fresh = this.first[t] === 0;
    // The gap's low bit says whether a weight byte follows; without one the weight is W_ABSTRACT.
    const plain = weight === W_ABSTRACT;
    let code = 2 * (doc - (fresh ? -1 : this.last[t]!)) + (plain ? 0 : 1);
    const need =
      (code < 0x80 ? 1 : code < 0x4000 ? 2 : code < 0x200000 ? 3 : code < 0x10000000 ? 4 : 5) + (plain ? 0 : 1);
    let at = this.end[t]!;
    if (fresh) {
      const block = this.alloc(blockBytes(0));
      this.first[t] = block + 1;
      this.current[t] = block;
      this.level[t] = 0;
      at = block + 4;
    } else {
      const current = this.current[t]!;
      const level = this.level[t]!;
      if (at + need > current + blockBytes(level)) {
        const next = Math.min(level + 1, MAX_LEVEL);
        const block = this.alloc(blockBytes(next));
        const chunk = this.chunks[current >>> POOL_BITS]!;
        const o = current & POOL_MASK;
        chunk[o] = block & 255;
        chunk[o + 1] = (block >>> 8) & 255;
        chunk[o + 2] = (block >>> 16) & 255;
        chunk[o + 3] = block >>> 24;
        this.current[t] = block;
        this.level[t] = next;
        at = block + 4;
      }
    }
    const chunk = this.chunks[at >>> POOL_BITS]!;
    let o = at & POOL_MASK;
    for (; code > 127; code >>>= 7) chunk[o++] = (code & 127) | 128;
    chunk[o++] = code;
    if (!plain) chunk[o] = weight;
    this.end[t] = at + need;
    this.last[t] = doc;
    this.counts[t]!++;
  }

  /** Calls `fn` with each posting of term t, documents ascending. */
  forEach(t: number, fn: (doc: number, weight: number) => void): void {
    let block = this.first[t]! - 1;
    if (block < 0) return;
    const current = this.current[t]!;
    let level = 0;
    let doc = -1;
    for (;;) {
      const chunk = this.chunks[block >>> POOL_BITS]!;
      const base = block & POOL_MASK;
      const limit = block === current ? base + this.end[t]! - block : base + blockBytes(level);
      for (let at = base + 4; at < limit;) {
        let b = chunk[at++]!;
        if (b === 0) break;
        let code = b & 127;
        for (let shift = 7; b > 127; shift += 7) {
          b = chunk[at++]!;
          code |= (b & 127) << shift;
        }
        doc += code >>> 1;
        fn(doc, code & 1 ? chunk[at++]! : W_ABSTRACT);
      }
      if (block === current) return;
      block = chunk[base]! | (chunk[base + 1]! << 8) | (chunk[base + 2]! << 16) | (chunk[base + 3]! << 24);
      level = Math.min(level + 1, MAX_LEVEL);
    }
  }
}
