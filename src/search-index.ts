/*
 * A compact hand-written inverted index. It replaces MiniSearch, which on 100,000 synthesized papers
 * (`npm run bench`) took 86 s to build, answered queries in 120 ms at p50 and 1.6 s at p99, and left
 * the process at 1.9 GB resident: its radix tree of per-term Maps and fuzzy matching cost far more
 * than a feed's search box needs.
 *
 * Layout: a dictionary (token → term number) and, per term, a chain of geometrically growing
 * blocks in a pool of 1 MiB byte chunks holding its postings: varint document-number gaps and a
 * Uint8 field-weighted term frequency. Measured on the same 100k papers, the obvious alternatives
 * did not fit in 300 MB: two typed arrays per term cost ~430 bytes of V8 heap each (127k terms), and
 * Int32 document numbers for 13.5M postings alone take 54 MB; growing and freeing big buffers also
 * left tens of MB of fragmented malloc heap resident.
 */
import type { Paper } from './model.js';

/** A hit from the local index. */
export interface LocalHit {
  id: string;
  score: number;
}

/**
 * Offline full-text search over every paper the feed has seen. Title matches count most, then
 * authors and keywords, then the abstract (arxiv-sanity weighs title ×10, authors ×5, abstract ×1;
 * we keep that order with gentler ratios so abstract-only matches still surface).
 */
export interface SearchIndex {
  /** Adds or refreshes papers (re-adding a paper replaces its entry). */
  add(papers: readonly Paper[]): void;
  search(query: string, limit: number): LocalHit[];
  readonly size: number;
}

// Field weights in half-units so that a (term, paper) weight fits a byte: title 4, authors 2.5,
// keywords and AI summary 1.5, abstract 1.
const W_TITLE = 8;
const W_AUTHORS = 5;
const W_KEYWORDS = 3;
const W_ABSTRACT = 2;
const UNIT = 2;
const MAX_WEIGHT = 255;
/** Long author lists add nothing to ranking past the first few dozen names. */
const MAX_AUTHORS = 50;

// BM25 over the field-weighted term frequency.
const K1 = 1.2;
const B = 0.75;

/** The last query word matches as a prefix from this many characters on... */
const MIN_PREFIX = 3;
/** ...expanding to at most this many indexed terms, the most frequent first. */
const MAX_EXPANSIONS = 50;
const MAX_QUERY_TERMS = 32;
/** Postings are rewritten without replaced papers once these outnumber a quarter of the live ones. */
const MIN_DEAD = 1024;

const STOP_WORDS = [
  'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'can', 'do', 'for', 'from', 'has', 'have', 'he', 'her', 'his',
  'how', 'if', 'in', 'into', 'is', 'it', 'its', 'no', 'not', 'of', 'on', 'or', 'our', 'ours', 'she', 'so', 'such',
  'than', 'that', 'the', 'their', 'them', 'then', 'there', 'these', 'they', 'this', 'those', 'to', 'us', 'was', 'we',
  'were', 'what', 'when', 'which', 'while', 'who', 'will', 'with', 'you', 'your',
];
const STOP = new Set(STOP_WORDS);

const MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/** Receives a token as `src.slice(start, end)` (not sliced, to spare the allocation) and its hash. */
type TokenSink = (src: string, start: number, end: number, hash: number) => void;

// FNV-1a over UTF-16 code units.
const HASH_SEED = 0x811c9dc5 | 0;
const HASH_PRIME = 0x01000193;

function hashOf(s: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), HASH_PRIME);
  return h;
}

/**
 * Calls `fn` with each lower-cased, accent-folded token of two or more letters or digits. ASCII text
 * (nearly all of it) is scanned by hand; from the first non-ASCII character on, the rest of the
 * text is NFKD-normalised, stripped of combining marks and split on non-letters/digits.
 */
function forEachToken(text: string, fn: TokenSink): void {
  const s = text.toLowerCase();
  const n = s.length;
  let start = -1;
  let h = HASH_SEED;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) {
        start = i;
        h = HASH_SEED;
      }
      h = Math.imul(h ^ c, HASH_PRIME);
    } else if (c > 127) {
      const rest = s.slice(start < 0 ? i : start).normalize('NFKD').replace(MARKS, '').toLowerCase();
      for (const token of rest.split(NON_WORD)) if (token.length > 1) fn(token, 0, token.length, hashOf(token));
      return;
    } else if (start >= 0) {
      if (i - start > 1) fn(s, start, i, h);
      start = -1;
    }
  }
}

/** Folds a simple plural: "models" → "model", but not "class", "analysis" or "corpus". Idempotent. */
function foldPlural(token: string): string {
  const n = token.length;
  if (n > 3 && token.charCodeAt(n - 1) === 115 /* s */) {
    const before = token.charCodeAt(n - 2);
    if (before !== 115 /* s */ && before !== 117 /* u */ && before !== 105 /* i */) return token.slice(0, -1);
  }
  return token;
}

/** The searchable terms of a query, in order (stop words dropped, plurals folded). */
function queryTerms(query: string): string[] {
  const out: string[] = [];
  forEachToken(query, (src, start, end) => {
    const token = src.slice(start, end);
    if (STOP.has(token)) return;
    const term = foldPlural(token);
    if (!STOP.has(term)) out.push(term);
  });
  return out;
}

/** A flat copy: V8 slices of 13+ characters are views that keep the whole text they came from alive. */
const detached = (s: string): string => (s.length < 13 ? s : s.split('').join(''));

const MISSING = -2;

/**
 * Open-addressing hash table from token text to a number, looked up straight from a span of the
 * text being scanned: a Map would need a new string per token (28M of them for 100k papers).
 */
class TokenTable {
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

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function grownInt32(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length + (a.length >> 1), 16));
  b.set(a);
  return b;
}

function grownUint32(a: Uint32Array<ArrayBuffer>, need: number): Uint32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Uint32Array(Math.max(need, a.length + (a.length >> 1), 16));
  b.set(a);
  return b;
}

function grownUint8(a: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
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

class PostingPool {
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
    const need = (code < 0x80 ? 1 : code < 0x4000 ? 2 : code < 0x200000 ? 3 : code < 0x10000000 ? 4 : 5) + (plain ? 0 : 1);
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
      for (let at = base + 4; at < limit; ) {
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

/** One query word: the terms it matches (several for a prefix) and how much each counts. */
interface Group {
  terms: number[];
  factors: number[];
}

class InvertedIndex {
  // Dictionary. `lookup` maps raw tokens (plural variants too) to term numbers, stop words to -1;
  // `terms` holds each term's canonical text; `sorted` the canonical texts in order, for prefixes.
  private readonly lookup = new TokenTable();
  private readonly terms: string[] = [];
  private sorted: string[] = [];
  private postings = new PostingPool();

  // Per-term scratch used while indexing one document.
  private termWeight = new Int32Array(1024);
  private readonly docTerms: number[] = [];
  private docLength = 0;

  // Documents, by internal number. Re-added papers get a new number; the old one is tombstoned.
  private ids: (string | undefined)[] = [];
  private alive = new Uint8Array(1024);
  private lengths = new Uint32Array(1024);
  private readonly byId = new Map<string, number>();
  private liveLength = 0;
  private deadDocs = 0;
  live = 0;

  // Per-document scratch for queries; `stamp` says whether the other arrays hold this query's values.
  private epoch = 0;
  private stamp = new Uint32Array(0);
  private matched = new Uint8Array(0);
  private lastGroup = new Uint8Array(0);
  private score = new Float64Array(0);
  private best = new Float64Array(0);
  private touched = new Int32Array(0);

  add(papers: readonly Paper[]): void {
    for (const p of papers) this.addOne(p);
    if (this.deadDocs > MIN_DEAD && this.deadDocs > this.live >> 2) this.compact();
  }

  private addOne(p: Paper): void {
    const old = this.byId.get(p.id);
    if (old !== undefined) {
      this.alive[old] = 0;
      this.ids[old] = undefined;
      this.live--;
      this.deadDocs++;
      this.liveLength -= this.lengths[old]!;
    }
    const doc = this.ids.length;
    this.ids.push(p.id);
    this.byId.set(p.id, doc);
    this.alive = grownUint8(this.alive, doc + 1);
    this.lengths = grownUint32(this.lengths, doc + 1);
    this.alive[doc] = 1;
    this.live++;

    this.docLength = 0;
    this.indexText(p.title, W_TITLE);
    const authors = Math.min(p.authors.length, MAX_AUTHORS);
    for (let i = 0; i < authors; i++) this.indexText(p.authors[i]!.name, W_AUTHORS);
    for (const k of p.keywords) this.indexText(k, W_KEYWORDS);
    if (p.aiSummary) this.indexText(p.aiSummary, W_KEYWORDS);
    this.indexText(p.abstract, W_ABSTRACT);

    for (const t of this.docTerms) {
      this.postings.append(t, doc, Math.min(MAX_WEIGHT, this.termWeight[t]!));
      this.termWeight[t] = 0;
    }
    this.docTerms.length = 0;
    this.lengths[doc] = this.docLength;
    this.liveLength += this.docLength;
  }

  private indexText(text: string, weight: number): void {
    forEachToken(text, (src, start, end, hash) => {
      let t = this.lookup.find(src, start, end, hash);
      if (t === MISSING) t = this.learn(detached(src.slice(start, end)), hash);
      if (t < 0) return;
      if (this.termWeight[t] === 0) this.docTerms.push(t);
      this.termWeight[t]! += weight;
      this.docLength += weight;
    });
  }

  /** Maps a token not seen before to its term (created if new), or -1 for a stop word. */
  private learn(token: string, hash: number): number {
    const term = foldPlural(token);
    let t = STOP.has(token) || STOP.has(term) ? -1 : term === token ? MISSING : this.lookup.get(term);
    if (t === MISSING) {
      t = this.terms.length;
      this.terms.push(term);
      if (term !== token) this.lookup.insert(term, hashOf(term), t);
      this.termWeight = grownInt32(this.termWeight, t + 1);
      this.postings.ensureTerms(t + 1);
    }
    this.lookup.insert(token, hash, t);
    return t;
  }

  /** Rewrites the postings without replaced papers, renumbering the live ones densely. */
  private compact(): void {
    const { alive, ids: oldIds, lengths: oldLengths } = this;
    const remap = new Int32Array(oldIds.length);
    const ids: (string | undefined)[] = [];
    const lengths = new Uint32Array(Math.max(16, this.live + (this.live >> 1)));
    for (let d = 0; d < oldIds.length; d++) {
      if (!alive[d]) continue;
      const id = oldIds[d]!;
      remap[d] = ids.length;
      lengths[ids.length] = oldLengths[d]!;
      this.byId.set(id, ids.length);
      ids.push(id);
    }
    const old = this.postings;
    const postings = new PostingPool();
    postings.ensureTerms(this.terms.length);
    for (let t = 0; t < this.terms.length; t++) {
      old.forEach(t, (d, w) => {
        if (alive[d]) postings.append(t, remap[d]!, w);
      });
    }
    this.postings = postings;
    this.ids = ids;
    this.lengths = lengths;
    this.alive = new Uint8Array(lengths.length).fill(1, 0, ids.length);
    this.deadDocs = 0;
  }

  /** The canonical terms in sorted order, merging in terms learnt since the last call. */
  private sortedTerms(): string[] {
    const had = this.sorted.length;
    if (had === this.terms.length) return this.sorted;
    const fresh = this.terms.slice(had).sort();
    if (had === 0) return (this.sorted = fresh);
    const old = this.sorted;
    const out: string[] = new Array<string>(old.length + fresh.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < fresh.length) out[k++] = old[i]! < fresh[j]! ? old[i++]! : fresh[j++]!;
    while (i < old.length) out[k++] = old[i++]!;
    while (j < fresh.length) out[k++] = fresh[j++]!;
    return (this.sorted = out);
  }

  /** The most frequent terms starting with `prefix`; the exact word counts fully, longer words a little less. */
  private expand(prefix: string): Group {
    const sorted = this.sortedTerms();
    const found: { t: number; df: number; text: string }[] = [];
    for (let i = lowerBound(sorted, prefix); i < sorted.length && sorted[i]!.startsWith(prefix); i++) {
      const text = sorted[i]!;
      const t = this.lookup.get(text);
      const df = this.postings.count(t);
      if (df > 0) found.push({ t, df: text === prefix ? Infinity : df, text });
    }
    if (found.length > MAX_EXPANSIONS) {
      found.sort((a, b) => b.df - a.df);
      found.length = MAX_EXPANSIONS;
    }
    return {
      terms: found.map((f) => f.t),
      factors: found.map((f) => 0.5 + (0.5 * prefix.length) / f.text.length),
    };
  }

  private exact(word: string): Group {
    const t = this.lookup.get(word);
    return t < 0 ? { terms: [], factors: [] } : { terms: [t], factors: [1] };
  }

  private prepareScratch(): void {
    const n = this.ids.length;
    if (this.stamp.length < n) {
      const cap = Math.max(n + (n >> 2), 64);
      this.stamp = new Uint32Array(cap);
      this.matched = new Uint8Array(cap);
      this.lastGroup = new Uint8Array(cap);
      this.score = new Float64Array(cap);
      this.best = new Float64Array(cap);
      this.touched = new Int32Array(cap);
      this.epoch = 0;
    }
    if (this.epoch === 0xffffffff) {
      this.stamp.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
  }

  search(query: string, limit: number): LocalHit[] {
    const k = Math.floor(limit);
    if (!(k > 0)) return [];
    const words = queryTerms(query).slice(-MAX_QUERY_TERMS);
    const last = words.pop();
    if (last === undefined) return [];
    const groups: Group[] = [];
    const seen = new Set<string>([last]);
    for (const w of words) {
      if (seen.has(w)) continue;
      seen.add(w);
      groups.push(this.exact(w));
    }
    groups.push(last.length >= MIN_PREFIX ? this.expand(last) : this.exact(last));

    // Term at a time: each document gathers its BM25 score and how many query words it matched.
    // Within one word (a prefix and its expansions) a document keeps its best-scoring term.
    this.prepareScratch();
    const { alive, lengths, stamp, matched, lastGroup, score, best, touched, epoch } = this;
    const n = Math.max(1, this.live);
    const norm0 = K1 * (1 - B);
    const norm1 = (K1 * B) / Math.max(1, this.liveLength / n);
    let nTouched = 0;
    let coef = 0;
    let mark = 0;
    const visit = (d: number, w: number) => {
      if (!alive[d]) return;
      const tf = w / UNIT;
      const s = (coef * tf * (K1 + 1)) / (tf + norm0 + norm1 * lengths[d]!);
      if (stamp[d] !== epoch) {
        stamp[d] = epoch;
        matched[d] = 0;
        lastGroup[d] = 0;
        score[d] = 0;
        touched[nTouched++] = d;
      }
      if (lastGroup[d] !== mark) {
        lastGroup[d] = mark;
        matched[d]!++;
        score[d]! += s;
        best[d] = s;
      } else if (s > best[d]!) {
        score[d]! += s - best[d]!;
        best[d] = s;
      }
    };
    groups.forEach((g, gi) => {
      mark = gi + 1;
      g.terms.forEach((t, ti) => {
        const df = Math.min(this.postings.count(t), n);
        coef = g.factors[ti]! * Math.log(1 + (n - df + 0.5) / (df + 0.5));
        this.postings.forEach(t, visit);
      });
    });

    // Every word matched (AND); failing that, any word, ranked by how many matched, then score.
    const all = groups.length;
    let candidates = 0;
    for (let i = 0; i < nTouched; i++) if (matched[touched[i]!] === all) touched[candidates++] = touched[i]!;
    const fallback = candidates === 0;
    if (fallback) candidates = nTouched;
    const better = fallback
      ? (a: number, b: number) => matched[a]! - matched[b]! || score[a]! - score[b]! || b - a
      : (a: number, b: number) => score[a]! - score[b]! || b - a;
    return topK(touched, candidates, k, better).map((d) => ({ id: this.ids[d]!, score: score[d]! }));
  }
}

/**
 * The k best of items[0..n) by `cmp` (positive: first is better), best first, without sorting all n:
 * a min-heap of the k best so far.
 */
function topK(items: Int32Array, n: number, k: number, cmp: (a: number, b: number) => number): number[] {
  if (n <= k) return Array.from(items.subarray(0, n)).sort((a, b) => cmp(b, a));
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && cmp(heap[l]!, heap[m]!) < 0) m = l;
      if (r < heap.length && cmp(heap[r]!, heap[m]!) < 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    const x = items[i]!;
    if (heap.length < k) {
      heap.push(x);
      for (let j = heap.length - 1; j > 0; ) {
        const p = (j - 1) >> 1;
        if (cmp(heap[j]!, heap[p]!) >= 0) break;
        [heap[j], heap[p]] = [heap[p]!, heap[j]!];
        j = p;
      }
    } else if (cmp(x, heap[0]!) > 0) {
      heap[0] = x;
      down(0);
    }
  }
  return heap.sort((a, b) => cmp(b, a));
}

export function createSearchIndex(): SearchIndex {
  const index = new InvertedIndex();
  return {
    add: (papers) => index.add(papers),
    search: (query, limit) => index.search(query, limit),
    get size() {
      return index.live;
    },
  };
}

/** HF's hits first (its relevance is semantic), then local hits HF did not return; one entry per id. */
export function mergeResults(primary: readonly Paper[], secondary: readonly Paper[], limit: number): Paper[] {
  const seen = new Set<string>();
  const out: Paper[] = [];
  for (const p of [...primary, ...secondary]) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    out.push(p);
    if (out.length >= limit) break;
  }
  return out;
}
