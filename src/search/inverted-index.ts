import type { Paper } from '../model.js';
import {
  MAX_WEIGHT,
  PostingPool,
  W_ABSTRACT,
  W_AUTHORS,
  W_KEYWORDS,
  W_TITLE,
  grownInt32,
  grownUint32,
  grownUint8,
} from './posting-pool.js';
import { QueryScorer, type Group, type LocalHit } from './query.js';
import { MISSING, TokenTable, lowerBound } from './token-table.js';
import { STOP, detached, foldPlural, forEachToken, hashOf, queryTerms } from './tokens.js';

/** Long author lists add nothing to ranking past the first few dozen names. */
const MAX_AUTHORS = 50;

/** The last query word matches as a prefix from this many characters on... */
const MIN_PREFIX = 3;
/** ...expanding to at most this many indexed terms, the most frequent first. */
const MAX_EXPANSIONS = 50;
const MAX_QUERY_TERMS = 32;
/** Postings are rewritten without replaced papers once these outnumber a quarter of the live ones. */
const MIN_DEAD = 1024;

/** The dictionary, postings and documents behind `SearchIndex`. */
export class InvertedIndex {
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
  /** How many papers are indexed (replaced ones not counted). */
  live = 0;

  private readonly scorer = new QueryScorer();

  /** Whether paper `id` is indexed. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds or refreshes papers (re-adding a paper replaces its entry). */
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

  /** The `limit` best papers for `query`; the last word may be half typed. */
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
    const { ids, alive, lengths, live, liveLength } = this;
    return this.scorer.rank(groups, this.postings, { ids, alive, lengths, live, liveLength }, k);
  }
}
