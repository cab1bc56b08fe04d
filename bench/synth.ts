import { readdirSync, readFileSync } from 'node:fs';
import type { Paper } from '../src/model.js';
import { hfListItem } from '../src/upstream/hf/schema.js';
import { hfToPaper } from '../src/upstream/hf/to-paper.js';
import { fixturePapers } from '../test/support/papers.js';

const EXTRA = [
  'scalable',
  'efficient',
  'robust',
  'multimodal',
  'sparse',
  'causal',
  'federated',
  'latent',
  'contrastive',
  'adaptive',
  'neural',
  'agentic',
  'quantized',
  'hierarchical',
  'generative',
  'streaming',
];

/** `n` distinct papers made by varying the real fixture papers: new ids, reshuffled titles and author lists. */
export function synthesizePapers(n: number): Paper[] {
  const base = fixturePapers();
  const out: Paper[] = [];
  for (let i = 0; i < n; i++) {
    const p = base[i % base.length]!;
    const words = p.title.split(' ');
    const rot = (i * 7) % words.length;
    const title = [EXTRA[i % EXTRA.length], ...words.slice(rot), ...words.slice(0, rot), `v${i}`].join(' ');
    const authors = p.authors.map((a, j) => ({
      name: `${a.name.split(' ')[0]} ${String.fromCharCode(65 + ((i + j) % 26))}${i % 997}`,
    }));
    out.push({
      ...p,
      id: `${2000 + Math.floor(i / 99_999)}.${String(i % 99_999).padStart(5, '0')}`,
      title,
      authors,
      upvotes: (i * 31) % 500,
    });
  }
  return out;
}

/** A small seeded generator (mulberry32): the same papers on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The real papers the realistic ones are made from: the 2026-06-12 capture and the days in test/fixtures/hf-days. */
function realPapers(): Paper[] {
  const dir = new URL('../test/fixtures/hf-days/', import.meta.url);
  const days = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const items = days.flatMap((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown[]);
  const fromDays = items.flatMap((raw) => {
    const item = hfListItem.safeParse(raw);
    const p = item.success ? hfToPaper(item.data.paper, item.data) : undefined;
    return p ? [p] : [];
  });
  return [...fixturePapers(), ...fromDays];
}

const SYLLABLES = ['ka', 'ro', 'mi', 'ten', 'lu', 'vo', 'zer', 'an', 'qui', 'dex', 'pho', 'gra', 'nel', 'syn', 'tor'];

/** A coined word (a method, dataset or acronym name): the n-th of a vocabulary far larger than the real papers'. */
function coined(n: number): string {
  let s = '';
  for (let k = n + 15; k > 0; k = Math.floor(k / 15)) s += SYLLABLES[k % 15];
  return n % 3 === 0 ? s.toUpperCase() : s;
}

/**
 * `n` papers as an arXiv listing's look, made from real papers: each abstract is 4–9 sentences drawn
 * from the real abstracts, titles are words of real titles, authors pair real first and last names,
 * keywords are real HF keywords; about one word in 40 is replaced by a coined term drawn from a
 * Zipf-like vocabulary of a million, so the store's dictionary grows with the number of papers as a
 * real corpus's does (Heaps' law) rather than staying at the fixtures' few thousand words. About
 * one paper in ten is an HF record (upvotes, AI summary, keywords); the rest are arXiv-only.
 */
export function* synthesizeRealistic(n: number, seed = 21): Generator<Paper> {
  const base = realPapers();
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const sentences = base.flatMap((p) => p.abstract.split(/(?<=\.)\s+/).filter((s) => s.length > 20));
  const titleWords = base.flatMap((p) => p.title.split(/\s+/));
  const names = base.flatMap((p) => p.authors.map((a) => a.name.split(' ')));
  const firsts = names.map((parts) => parts[0]!).filter(Boolean);
  const lasts = names.map((parts) => parts[parts.length - 1]!).filter(Boolean);
  const keywords = base.flatMap((p) => p.keywords);
  const summaries = base.flatMap((p) => (p.aiSummary ? [p.aiSummary] : []));
  const zipf = () => Math.floor(Math.exp(rnd() * Math.log(1_000_000))); // P(k) ∝ 1/k over 1..1e6
  const coin = (text: string) => text.replace(/\b[a-z]{4,}\b/g, (w) => (rnd() < 0.025 ? coined(zipf()) : w));
  for (let i = 0; i < n; i++) {
    const hf = i % 10 === 0;
    const abstract = Array.from({ length: 4 + Math.floor(rnd() * 6) }, () => pick(sentences)).join(' ');
    const title = Array.from({ length: 5 + Math.floor(rnd() * 9) }, () => pick(titleWords)).join(' ');
    const authors = Array.from({ length: 1 + Math.floor(rnd() * rnd() * 20) }, () => ({
      name: `${pick(firsts)} ${pick(lasts)}`,
    }));
    yield {
      id: `${2401 + Math.floor(i / 20_000)}.${String(i % 20_000).padStart(5, '0')}`,
      title: `${coined(zipf())}: ${coin(title)}`,
      authors,
      abstract: coin(abstract),
      keywords: hf ? Array.from({ length: 3 + Math.floor(rnd() * 5) }, () => pick(keywords)) : [],
      ...(hf ? { aiSummary: coin(pick(summaries)) } : {}),
      upvotes: hf ? Math.floor(rnd() * rnd() * 200) : 0,
      publishedAt: new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 400) * 86_400_000).toISOString(),
      source: hf ? 'hf' : 'arxiv',
    };
  }
}
