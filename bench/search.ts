import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Paper } from '../src/model.js';
import { createSearchIndex } from '../src/search/index.js';
import { createStores } from '../src/store/index.js';
import { PAPERS_MAP } from '../src/store/keys.js';
import { openBackend } from '../src/store/open.js';
import { mib, ms, percentile } from './machine.js';
import { benchSearchStores } from './search-stores.js';
import { copy, storedPapers } from './stored.js';
import { synthesizeRealistic } from './synth.js';

const STORED = 200_000;
const QUERIES = 2000;

/** The bench's queries, from papers' own words: two title words, an author, a keyword, a half-typed word. */
function queriesFrom(pool: readonly Paper[], n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const p = pool[i % pool.length]!;
    const words = p.title.split(' ').filter((w) => w.length > 3);
    const kind = i % 4;
    return kind === 0
      ? words.slice(1, 3).join(' ')
      : kind === 1
        ? p.authors[0]!.name
        : kind === 2
          ? (p.keywords[0] ?? words[0]!)
          : `${words[2] ?? words[0]!} ${(words[3] ?? 'mode').slice(0, 4)}`;
  });
}

const idOf = (i: number) => `${2401 + Math.floor(i / 20_000)}.${String(i % 20_000).padStart(5, '0')}`;

/**
 * Search over a SQLite store of 200,000 realistic papers (`stored.ts`): query latency and resident
 * memory; storing a 2,000-paper announcement into it (wall time and the longest event-loop block);
 * then the in-process index of memory:// stores over 100,000 papers; then PostgreSQL and Redis
 * with its index file over 20,000 (`search-stores.ts`).
 */
export async function benchSearch(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paperfeed-search-'));
  try {
    const file = copy(await storedPapers(STORED), join(dir, 'store.sqlite'));
    const rssBefore = process.memoryUsage().rss;
    const backend = await openBackend(`sqlite://${file}`);
    const { papers } = createStores(backend);
    const sample = Array.from({ length: 500 }, (_, i) => idOf(Math.floor(((i + 0.5) * STORED) / 500)));
    const pool = (await backend.mapGetMany(PAPERS_MAP, sample)).map((raw) => JSON.parse(raw!) as Paper);
    const samples: number[] = [];
    const cpu: number[] = [];
    let hits = 0;
    for (const q of queriesFrom(pool, QUERIES)) {
      const t = performance.now();
      const c = process.cpuUsage();
      hits += (await papers.search(q, 10)).length;
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      samples.push(performance.now() - t);
    }
    globalThis.gc?.();
    const rss = process.memoryUsage().rss;
    const { anon, file: mapped } = residentKinds();

    const announcement = [...synthesizeRealistic(2000, 99)].map((p, i) => ({
      ...p,
      id: `2601.${String(i).padStart(5, '0')}`,
    }));
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await papers.remember(announcement);
    const storeMs = performance.now() - t0;
    const storeCpu = process.cpuUsage(c0);
    loop.disable();
    // Found at all (not necessarily first: its first title words are common ones too).
    const found = (await papers.search(announcement[1999]!.title.split(' ').slice(0, 3).join(' '), 2000)).some(
      (p) => p.id === '2601.01999',
    );
    await backend.close();
    return [
      `search: SQLite store, ${STORED.toLocaleString('en')} papers; ${QUERIES} queries (title words, author, keyword, half-typed word): p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))}, max ${ms(percentile(samples, 100))}; ${(hits / QUERIES).toFixed(1)} hits/query (target p99 ≤ 20 ms)`,
      `search: the same queries' CPU time in this process (what a shared machine's other work does not stretch): p50 ${ms(percentile(cpu, 50))}, p99 ${ms(percentile(cpu, 99))}`,
      `search: resident memory ${mib(rss)} after the queries (${mib(rss - rssBefore)} more than before opening the store): ${mib(anon)} the process's own, ${mib(mapped)} pages of files (the store's memory map, at most 256 MiB, which the kernel reclaims under pressure)`,
      `search: storing a 2,000-paper announcement into it: ${ms(storeMs)} (CPU ${ms((storeCpu.user + storeCpu.system) / 1000)}), longest event-loop block ${ms(loop.max / 1e6)}; its last paper ${found ? 'is' : 'is NOT'} found (target ≤ 2 s)`,
      ...benchProcessIndex(100_000),
      ...(await benchSearchStores(20_000, queriesFrom)),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The in-process index (memory://, and Redis without an index file) over `n` papers: build time, query latency, memory. */
function benchProcessIndex(n: number): string[] {
  const all = [...synthesizeRealistic(n)];
  const rssBefore = process.memoryUsage().rss;
  const index = createSearchIndex();
  const t0 = performance.now();
  index.add(all);
  const buildMs = performance.now() - t0;
  globalThis.gc?.();
  const rss = process.memoryUsage().rss;
  const samples: number[] = [];
  let hits = 0;
  for (const q of queriesFrom(
    all.filter((_, i) => i % 200 === 0),
    QUERIES,
  )) {
    const t = performance.now();
    hits += index.search(q, 10).length;
    samples.push(performance.now() - t);
  }
  return [
    `search: in-process index (memory://; Redis without an index file), ${n.toLocaleString('en')} papers indexed in ${ms(buildMs)}; p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))}; ${(hits / QUERIES).toFixed(1)} hits/query; ${mib(rss - rssBefore)} more resident memory`,
  ];
}

/** Resident memory the process owns (RssAnon) and pages of mapped files (RssFile), from /proc. */
function residentKinds(): { anon: number; file: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) * 1024;
  return { anon: kib('RssAnon'), file: kib('RssFile') };
}
