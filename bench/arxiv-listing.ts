import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAnnouncements } from '../src/arxiv-feed/announcements.js';
import { createManualClock } from '../src/ports/clock.js';
import { silentLogger } from '../src/ports/logger.js';
import { createStores, openBackend } from '../src/store/index.js';
import { createArxivListings } from '../src/upstream/arxiv/listing.js';
import { ms } from './machine.js';

/** A listing of `n` papers in arXiv's RSS 2.0 format, with abstracts of a real one's length (about 1.3k characters). */
function listingXml(n: number): string {
  const items = Array.from({ length: n }, (_, i) => {
    const id = `2604.${String(10000 + i)}`;
    const type = i % 5 === 4 ? 'cross' : 'new';
    return `<item><title>Paper ${id}: learned manipulation &amp; control</title><link>https://arxiv.org/abs/${id}</link><description>arXiv:${id}v1 Announce Type: ${type} 
Abstract: ${'We study robot manipulation with learned models and report what works. '.repeat(18)}</description><guid isPermaLink="false">oai:arXiv.org:${id}v1</guid><category>cs.RO</category><category>cs.LG</category><pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate><arxiv:announce_type>${type}</arxiv:announce_type><dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights><dc:creator>Ada Lovelace, Alan Turing, Grace Hopper, Edsger Dijkstra</dc:creator></item>`;
  });
  return `<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel><title>cs.RO updates on arXiv.org</title><lastBuildDate>Mon, 27 Apr 2026 04:00:00 +0000</lastBuildDate><pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate>${items.join('\n')}</channel></rss>`;
}

/**
 * A 2,000-paper arXiv announcement fetched (from memory), parsed and stored, on the memory and
 * SQLite stores: the wall time, the event loop's busy time (this process's CPU time meanwhile),
 * its longest block and how often it was free. The issue asks for well under a second of
 * event-loop time, never one long block.
 */
export async function benchArxivListing(papers = 2000): Promise<string[]> {
  const xml = listingXml(papers);
  const dir = mkdtempSync(join(tmpdir(), 'paperfeed-bench-'));
  const lines = [`arxiv listing: ${papers} papers, ${(xml.length / 2 ** 20).toFixed(1)} MiB of RSS`];
  try {
    for (const url of ['memory://', `sqlite://${join(dir, 'bench.sqlite')}`]) {
      const backend = await openBackend(url);
      const clock = createManualClock('2026-04-27T07:00:00Z');
      const stores = createStores(backend, clock);
      const source = createArxivListings({
        rssUrl: 'http://arxiv.invalid/rss',
        fetch: async () => new Response(xml, { status: 200 }),
        lane: (task) => task(),
        clock,
      });
      const announcements = createAnnouncements({
        source,
        store: stores.arxiv,
        papers: stores.papers,
        clock,
        logger: silentLogger,
      });
      // The longest block in CPU time between two free turns of the loop (wall time also counts
      // the time a busy machine schedules the process out, which is not the loop's).
      let turns = 0;
      let longest = 0;
      let last = process.cpuUsage();
      let ticking = true;
      const tick = () => {
        const spent = process.cpuUsage(last);
        longest = Math.max(longest, (spent.user + spent.system) / 1000);
        last = process.cpuUsage();
        turns++;
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const latest = await announcements.latest(['cs.RO'], '2026-04-27');
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      ticking = false;
      const stored = latest.status === 'current' ? latest.announcement.entries.length : 0;
      lines.push(
        `  ${url.split(':')[0]}: ${stored} stored in ${ms(wall)}; event loop busy ${ms((used.user + used.system) / 1000)} (CPU), longest block ${ms(longest)} (CPU), free ${turns} times`,
      );
      await backend.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
