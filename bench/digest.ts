import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createArxivClient } from '../src/upstream/arxiv/client.js';
import { createManualClock } from '../src/ports/clock.js';
import { currentDailyPapersDay } from '../src/time/dates.js';
import { createFeed } from '../src/papers/feed.js';
import type { HfClient } from '../src/upstream/hf/client.js';
import { silentLogger } from '../src/ports/logger.js';
import { createStores, openBackend } from '../src/store/index.js';
import { ms, percentile } from './machine.js';
import { synthesizePapers } from './synth.js';

/** A digest of a 100-paper day answered from a warm cache, on the memory and SQLite stores. */
export async function benchDigest(runs = 2000): Promise<string[]> {
  const day = '2026-06-12';
  const papers = synthesizePapers(100).map((p) => ({ ...p, featuredOn: day }));
  const dir = mkdtempSync(join(tmpdir(), 'paperfeed-bench-'));
  const lines: string[] = [];
  let upstreamCalls = 0;
  const hf: HfClient = {
    dailyPapers: async () => (upstreamCalls++, papers),
    search: async () => [],
    paper: async () => undefined,
  };
  try {
    for (const url of ['memory://', `sqlite://${join(dir, 'bench.sqlite')}`]) {
      const backend = await openBackend(url);
      const stores = createStores(backend);
      const feed = createFeed({
        hf,
        arxiv: createArxivClient({ apiUrl: 'http://127.0.0.1:9' }),
        papers: stores.papers,
        clock: createManualClock('2026-06-20T12:00:00Z'),
        logger: silentLogger,
      });
      await feed.day(day); // warm the cache (the day is final: fetched after it ended)
      const posted = new Set(papers.slice(0, 20).map((p) => p.id));
      const settings = { count: 5, keywords: ['robust', 'language'], minUpvotes: 3 };
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await feed.digest(day, settings, posted);
        samples.push(performance.now() - t);
      }
      lines.push(
        `digest: 100-paper day from a warm ${backend.kind} cache, ${runs} runs: p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))} (target < 5 ms); upstream calls ${upstreamCalls}`,
      );
      upstreamCalls = 0;
      await backend.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  lines.push(zoneHelperLine());
  return lines;
}

/**
 * The day/zone helper every digest calls (`currentDailyPapersDay`, two formats in New York time)
 * with the formatters it keeps per zone, against building both formatters per call as it did before.
 */
function zoneHelperLine(runs = 20_000): string {
  const time = Date.parse('2026-06-12T20:00:00Z');
  const built = () => {
    const timeZone = 'America/New_York';
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(time);
    return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      time,
    );
  };
  const timed = (fn: () => unknown) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      fn();
      samples.push(performance.now() - t);
    }
    return percentile(samples, 50) * 1000;
  };
  timed(built); // warm both paths up
  timed(() => currentDailyPapersDay(time));
  const kept = timed(() => currentDailyPapersDay(time));
  const perCall = timed(built);
  return `digest: its zone helper (currentDailyPapersDay), ${runs} runs: p50 ${kept.toFixed(1)} µs with formatters kept per zone, ${perCall.toFixed(1)} µs building them per call (${(perCall / kept).toFixed(0)}×)`;
}
