import { performance } from 'node:perf_hooks';
import { createSearchIndex } from '../src/search/index.js';
import { mib, ms, percentile } from './machine.js';
import { synthesizePapers } from './synth.js';

/** Local search over `n` papers: build time, query latency percentiles and resident memory. */
export function benchSearch(n = 100_000, queries = 2000): string[] {
  const papers = synthesizePapers(n);
  const rssBefore = process.memoryUsage().rss;
  const index = createSearchIndex();
  const t0 = performance.now();
  index.add(papers);
  const buildMs = performance.now() - t0;
  globalThis.gc?.();
  const rss = process.memoryUsage().rss;

  const samples: number[] = [];
  const pool = papers.slice(0, 500);
  let hits = 0;
  for (let i = 0; i < queries; i++) {
    const p = pool[i % pool.length]!;
    const words = p.title.split(' ').filter((w) => w.length > 3);
    const kind = i % 4;
    const q =
      kind === 0
        ? words.slice(1, 3).join(' ')
        : kind === 1
          ? p.authors[0]!.name
          : kind === 2
            ? (p.keywords[0] ?? words[0]!)
            : `${words[2] ?? words[0]!} ${(words[3] ?? 'mode').slice(0, 4)}`; // the last word half typed
    const t = performance.now();
    hits += index.search(q, 10).length;
    samples.push(performance.now() - t);
  }
  return [
    `search: ${n.toLocaleString('en')} papers indexed in ${ms(buildMs)} (${index.size.toLocaleString('en')} documents)`,
    `search: ${queries} queries (title words, author, keyword, half-typed word): p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))}, max ${ms(percentile(samples, 100))}; ${(hits / queries).toFixed(1)} hits/query`,
    `search: resident memory ${mib(rss)} after building (${mib(rss - rssBefore)} more than before the index; targets p99 < 20 ms, RSS < 300 MB)`,
  ];
}
