/*
 * Writing a term's postings chunks in the SQLite index (`sqlite-search.ts`): new documents are
 * appended to the term's last chunk while it has room, else start a new chunk; a document indexed
 * again is merged into the chunk it belongs in, and a removed one is cut out of it.
 */
import type Database from 'better-sqlite3';
import { CHUNK_BYTES, decodeChunk, encodeChunk, type Postings } from '../search/chunks.js';

interface Chunk {
  rowid: number;
  first: number;
}

/** Adds and removes postings of namespace `ns`'s terms; called inside the index's transactions. */
export function createPostingWriter(db: Database.Database, ns: string) {
  const q = {
    // With its data: appending to it is the common case, and one statement less per term counts.
    lastChunk: db.prepare<[string, string], Chunk & { last: number; count: number; data: Buffer }>(
      'SELECT rowid, first, last, count, data FROM search_postings WHERE ns = ? AND term = ? ORDER BY first DESC LIMIT 1',
    ),
    chunkAt: db.prepare<[string, string, number], Chunk>(
      'SELECT rowid, first FROM search_postings WHERE ns = ? AND term = ? AND first <= ? ORDER BY first DESC LIMIT 1',
    ),
    firstChunk: db.prepare<[string, string], Chunk>(
      'SELECT rowid, first FROM search_postings WHERE ns = ? AND term = ? ORDER BY first LIMIT 1',
    ),
    chunkData: db.prepare<[number], Buffer>('SELECT data FROM search_postings WHERE rowid = ?').pluck(),
    updateChunk: db.prepare('UPDATE search_postings SET first = ?, last = ?, count = ?, data = ? WHERE rowid = ?'),
    insertChunk: db.prepare(
      'INSERT INTO search_postings (ns, term, first, last, count, data) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    deleteChunk: db.prepare('DELETE FROM search_postings WHERE rowid = ?'),
  };

  /** The chunk a document belongs in: the last one starting at or before it, else the term's first. */
  const chunkFor = (term: string, doc: number) => q.chunkAt.get(ns, term, doc) ?? q.firstChunk.get(ns, term);

  function addTo(term: string, add: Postings): void {
    const sorted = add.docs.every((d, i) => i === 0 || add.docs[i - 1]! < d);
    const run = sorted ? add : pick(add, order(add));
    const last = q.lastChunk.get(ns, term);
    const from = run.docs[0]!;
    if (!last || from > last.last) {
      // New documents, after every one the term has: append to its last chunk while it has room.
      const data = encodeChunk(run, last?.last ?? 0);
      const to = run.docs[run.docs.length - 1]!;
      if (last && last.data.length + data.length <= 2 * CHUNK_BYTES) {
        const joined = Buffer.concat([last.data, data]);
        q.updateChunk.run(last.first, to, last.count + run.docs.length, joined, last.rowid);
      } else if (data.length <= 2 * CHUNK_BYTES) {
        q.insertChunk.run(ns, term, from, to, run.docs.length, last ? encodeChunk(run) : data);
      } else write(term, undefined, run);
      return;
    }
    // A document re-indexed in place: merge into the chunk each belongs in.
    const groups = new Map<number, number[]>();
    for (let i = 0; i < run.docs.length; i++) push(groups, chunkFor(term, run.docs[i]!)!.rowid, i);
    for (const [rowid, picked] of groups)
      write(term, rowid, merge(decodeChunk(q.chunkData.get(rowid)!), pick(run, picked)));
  }

  function removeFrom(term: string, docs: number[]): void {
    const groups = new Map<number, Set<number>>();
    for (const doc of docs) {
      const target = chunkFor(term, doc);
      if (!target) continue;
      let set = groups.get(target.rowid);
      if (!set) groups.set(target.rowid, (set = new Set()));
      set.add(doc);
    }
    for (const [rowid, gone] of groups) {
      const p = decodeChunk(q.chunkData.get(rowid)!);
      const keep = p.docs.map((_, i) => i).filter((i) => !gone.has(p.docs[i]!));
      if (keep.length === 0) q.deleteChunk.run(rowid);
      else write(term, rowid, pick(p, keep));
    }
  }

  /** Writes postings as chunks of about CHUNK_BYTES: the first into `rowid` (if given), the rest as new rows. */
  function write(term: string, rowid: number | undefined, p: Postings): void {
    let start = 0;
    let bytes = 0;
    let target = rowid;
    const emit = (end: number) => {
      const piece = pick(p, range(start, end));
      const data = encodeChunk(piece);
      const [first, lastDoc] = [piece.docs[0]!, piece.docs[piece.docs.length - 1]!];
      if (target === undefined) q.insertChunk.run(ns, term, first, lastDoc, piece.docs.length, data);
      else q.updateChunk.run(first, lastDoc, piece.docs.length, data, target);
      target = undefined;
      start = end;
      bytes = 0;
    };
    for (let i = 0; i < p.docs.length; i++) {
      // A posting takes at most 7 bytes: a varint gap (up to 5), a weight and a norm.
      if (bytes >= CHUNK_BYTES) emit(i);
      bytes += (i === start ? 4 : 2) + (p.weights[i] === 2 ? 0 : 1);
    }
    if (start < p.docs.length) emit(p.docs.length);
  }

  return { addTo, removeFrom };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

const order = (p: Postings) => p.docs.map((_, i) => i).sort((a, b) => p.docs[a]! - p.docs[b]!);

const pick = (p: Postings, at: readonly number[]): Postings => ({
  docs: at.map((i) => p.docs[i]!),
  weights: at.map((i) => p.weights[i]!),
  norms: at.map((i) => p.norms[i]!),
});

/** Two sorted runs of postings as one; a document in both keeps the newer (`b`'s) posting. */
function merge(a: Postings, b: Postings): Postings {
  const out: Postings = { docs: [], weights: [], norms: [] };
  let i = 0;
  let j = 0;
  const take = (p: Postings, k: number) => {
    out.docs.push(p.docs[k]!);
    out.weights.push(p.weights[k]!);
    out.norms.push(p.norms[k]!);
  };
  while (i < a.docs.length || j < b.docs.length) {
    if (j >= b.docs.length || (i < a.docs.length && a.docs[i]! < b.docs[j]!)) take(a, i++);
    else {
      if (i < a.docs.length && a.docs[i] === b.docs[j]) i++;
      take(b, j++);
    }
  }
  return out;
}

export function push<K, V>(m: Map<K, V[]>, key: K, value: V): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}
