import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAnnouncementCaches, createAnnouncements } from '../../../src/arxiv-feed/announcements.js';
import type { Paper } from '../../../src/model.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { createStores } from '../../../src/store/index.js';
import { createArxivListings } from '../../../src/upstream/arxiv/listing.js';
import { createSpacedLane } from '../../../src/upstream/paced-queue.js';
import {
  createArxivListingFake,
  renderListing,
  type ArxivListingFake,
  type FakeItem,
} from '../../fakes/arxiv-listing-fake.js';
import { backendCases } from '../../support/backends.js';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.js';

let fake: ArxivListingFake;
beforeAll(async () => {
  fake = await createArxivListingFake();
});
afterAll(() => fake.close());

/** The announcements of one process on `backend`, its arXiv requests through the fake, on `clock`. */
function announcementsOn(backend: Parameters<typeof createStores>[0], clock: FakeClock, replaced?: Paper[][]) {
  const stores = createStores(backend, clock);
  const source = createArxivListings({
    rssUrl: fake.url,
    fetch: fake.fetch,
    lane: createSpacedLane(3000, clock),
    clock,
  });
  const announcements = createAnnouncements({
    source,
    store: stores.arxiv,
    papers: stores.papers,
    clock,
    logger: silentLogger,
    caches: createAnnouncementCaches(),
    ...(replaced ? { onReplaced: (before, after) => void replaced.push([...before], [...after]) } : {}),
  });
  return { stores, announcements };
}

async function settle<T>(clock: FakeClock, work: Promise<T>): Promise<T> {
  let done = false;
  const result = work.finally(() => (done = true));
  result.catch(() => undefined);
  while (!done) await clock.advance(1000);
  return result;
}

const items = (n: number, over: Partial<FakeItem> = {}): FakeItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `2604.${String(10000 + i)}`,
    type: i % 5 === 4 ? 'cross' : 'new',
    categories: ['cs.RO', 'cs.LG'],
    // About the length of a real abstract (the capture's run 1,100–1,400 characters).
    abstract: 'We study robot manipulation with learned models and report what works. '.repeat(18),
    authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'],
    ...over,
  }));

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`arXiv announcements on ${c.name}`, () => {
    if (c.skip) console.log(`skipping the ${c.name} announcement tests: ${c.skip}`);
    afterEach(() => c.cleanup());

    it('keeps an announcement with its papers, finds it without asking arXiv again, and tells of new versions', async () => {
      const clock = createFakeClock('2026-04-28T07:00:00Z');
      fake.now = () => clock.now();
      fake.requests.length = 0;
      const replaced: Paper[][] = [];
      const { stores, announcements } = announcementsOn(await c.open(), clock, replaced);
      fake.listing = () => ({ date: '2026-04-27', items: items(3) });
      const monday = await settle(clock, announcements.latest(['cs.RO'], '2026-04-27'));
      expect(monday.status).toBe('current');
      fake.listing = () => ({
        date: '2026-04-28',
        items: [...items(1, { id: '2604.20000' }), ...items(1, { version: 2, type: 'replace', title: 'Better title' })],
      });
      const tuesday = await settle(clock, announcements.latest(['cs.RO'], '2026-04-28'));
      expect(tuesday.status === 'current' && tuesday.announcement.entries).toEqual([
        { id: '2604.20000', v: 1, type: 'new' },
        { id: '2604.10000', v: 2, type: 'replace' },
      ]);
      expect(await settle(clock, announcements.latest(['cs.RO'], '2026-04-28'))).toEqual(tuesday);
      expect(fake.requests).toHaveLength(2);
      expect(await announcements.dates(['cs.RO'])).toEqual(['2026-04-27', '2026-04-28']);
      const paper = await stores.papers.getPaper('2604.10000');
      expect(paper).toMatchObject({ title: 'Better title', version: { n: 2, on: '2026-04-28' } });
      expect(replaced.map((ps) => ps.map((p) => p.version?.n ?? 1))).toEqual([[1], [2]]);
    });

    it('fetches a set once when two processes that share the store ask at once', async () => {
      const clock = createFakeClock('2026-04-27T07:00:00Z');
      fake.now = () => clock.now();
      fake.requests.length = 0;
      fake.listing = () => ({ date: '2026-04-27', items: items(5) });
      const ns = `test-${Math.random().toString(36).slice(2)}`;
      const one = announcementsOn(await c.open(ns), clock);
      const two = announcementsOn(c.name === 'memory' ? one.stores.backend : await c.open(ns), clock);
      const [a, b] = await settle(
        clock,
        Promise.all([
          one.announcements.latest(['cs.RO'], '2026-04-27'),
          two.announcements.latest(['cs.RO'], '2026-04-27'),
        ]),
      );
      expect([a.status, b.status]).toEqual(['current', 'current']);
      expect(fake.requests).toHaveLength(1);
    });
  });
}

describe('a 2,000-paper announcement on SQLite', () => {
  const sqlite = backendCases().find((c) => c.name === 'sqlite')!;
  afterEach(() => sqlite.cleanup());

  it('is parsed and stored in slices: well under a second of event-loop time, never in one long block', async () => {
    const clock = createFakeClock('2026-04-27T07:00:00Z');
    fake.now = () => clock.now();
    const xml = renderListing(['cs.RO'], { date: '2026-04-27', items: items(2000) }); // about 3.5 MB
    fake.listing = () => xml;
    const { stores, announcements } = announcementsOn(await sqlite.open(), clock);
    // The event loop's turns while it works: a ticker that runs whenever the loop is free, and the
    // CPU time spent between two of them (a busy machine's descheduling is not the loop's time).
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(since);
      return (u.user + u.system) / 1000;
    };
    let turns = 0;
    let longest = 0;
    let last = process.cpuUsage();
    let ticking = true;
    const tick = () => {
      longest = Math.max(longest, cpuMs(last));
      last = process.cpuUsage();
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const cpu = process.cpuUsage();
    const latest = await announcements.latest(['cs.RO'], '2026-04-27');
    const busy = cpuMs(cpu);
    ticking = false;
    expect(latest.status === 'current' && latest.announcement.entries).toHaveLength(2000);
    expect((await stores.papers.getPapers(['2604.10000', '2604.11999'])).map((p) => p?.authors.length)).toEqual([4, 4]);
    // One slice of 100 items per parse turn and 200 papers per store turn: 30 turns at the least.
    expect(turns).toBeGreaterThanOrEqual(30);
    expect(longest).toBeLessThan(busy / 4);
    expect(busy).toBeLessThan(1000);
  });
});
