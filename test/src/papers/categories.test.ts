import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArxivClient } from '../../../src/upstream/arxiv/client.js';
import { catchUpDigest } from '../../../src/delivery/catch-up.js';
import { createManualClock } from '../../../src/ports/clock.js';
import { createFeed } from '../../../src/papers/feed.js';
import { createHfClient } from '../../../src/upstream/hf/client.js';
import { createMemoryLogger, silentLogger } from '../../../src/ports/logger.js';
import { DEFAULT_DIGEST_SETTINGS } from '../../../src/model.js';
import { createStores } from '../../../src/store/index.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { createHfFake, fixtureDay, readFixture, type HfFake } from '../../fakes/hf-fake.js';
import { createFakeClock } from '../../support/fake-clock.js';

// HF items (real titles and abstracts) under the ids of the arXiv capture's papers, primary category first: cs.RO, cs.AI, cs.LG, cs.CV, cs.DC.
const ARXIV_IDS = ['2606.13677', '2606.13591', '2606.13568', '2606.13515', '2606.13501'];
const DAY = '2026-06-12';

/** An HF day of real items re-keyed to the papers the arXiv capture holds, plus one arXiv does not list. */
function dayOfArxivPapers(): unknown[] {
  const items = fixtureDay().slice(0, 6) as { paper: { id: string } }[];
  ARXIV_IDS.forEach((id, i) => (items[i]!.paper.id = id));
  return items;
}

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
beforeEach(() => {
  hf.clearOverrides();
  hf.requests.length = 0;
  hf.days.set(DAY, dayOfArxivPapers());
});

function setup(stores = createStores(createMemoryBackend()), categoryBudgetMs = 5000) {
  const logger = createMemoryLogger();
  const feed = createFeed({
    hf: createHfClient({ baseUrl: hf.url, logger: silentLogger, retries: 0 }),
    arxiv: createArxivClient({ apiUrl: `${hf.url}/arxiv/query`, minIntervalMs: 1, retries: 0, timeoutMs: 1000 }),
    papers: stores.papers,
    clock: createManualClock('2026-06-13T12:00:00Z'),
    logger,
    categoryBudgetMs,
  });
  return { feed, stores, logger };
}

const settings = (keywords: string) => ({ ...DEFAULT_DIGEST_SETTINGS, count: 10, keywords });
const arxivRequests = () => hf.requests.filter((r) => r.path === '/arxiv/query');
const ids = (d: { papers: { id: string }[] }) => d.papers.map((p) => p.id).sort();

describe('category filters', () => {
  it("pick a day's papers by their arXiv categories, looked up in one request for the whole day", async () => {
    const { feed } = setup();
    expect(ids(await feed.digest(DAY, settings('category:cs.DC')))).toEqual(['2606.13501']);
    expect(ids(await feed.digest(DAY, settings('category:cs.RO')))).toEqual(['2606.13515', '2606.13677']); // primary or cross-listed
    expect(ids(await feed.digest(DAY, settings('annotation category:cs.RO')))).toEqual(['2606.13677']);
    // Every listed paper is in cs.LG; the one arXiv does not list has no known categories to exclude it by.
    expect(ids(await feed.digest(DAY, settings('-category:cs.LG')))).toEqual(['2606.07867']);
    expect(arxivRequests()).toHaveLength(1);
    expect(arxivRequests()[0]!.query.get('id_list')!.split(',').sort()).toEqual([...ARXIV_IDS, '2606.07867'].sort());
  });

  it('ask arXiv nothing when the filter has no category', async () => {
    const { feed } = setup();
    await feed.digest(DAY, settings('agents -survey'));
    expect(arxivRequests()).toHaveLength(0);
  });

  it('keep the categories in the paper store across a restart', async () => {
    const first = setup();
    await first.feed.digest(DAY, settings('category:cs.RO'));
    const again = setup(first.stores);
    expect(ids(await again.feed.digest(DAY, settings('category:cs.DC')))).toEqual(['2606.13501']);
    expect(arxivRequests()).toHaveLength(1);
  });

  it('apply to a catch-up post too', async () => {
    const { feed } = setup();
    const d = await catchUpDigest(feed, ['2026-06-11', DAY], settings('category:cs.AI'), new Set());
    expect(ids(d)).toEqual(['2606.13591', '2606.13677']); // cs.AI is primary for one, cross-listed for the other
  });

  it('wait for a stalled arXiv only as long as the budget, then post without the unknown papers', async () => {
    hf.always(/arxiv/, {
      delayMs: 900,
      body: readFixture('arxiv-query-sample.xml'),
      headers: { 'content-type': 'application/atom+xml' },
    });
    const { feed } = setup(undefined, 100);
    const started = Date.now();
    const d = await feed.digest(DAY, settings('category:cs.DC'));
    expect(Date.now() - started).toBeLessThan(800);
    expect(d.emptyReason).toBe('all-filtered');
    await expect
      .poll(async () => ids(await feed.digest(DAY, settings('category:cs.DC'))), { timeout: 3000 })
      .toEqual(['2606.13501']);
    expect(arxivRequests()).toHaveLength(1);
  });

  it("wait for an arXiv that never answers exactly the budget on the feed's clock", async () => {
    const clock = createFakeClock('2026-06-13T12:00:00Z');
    const feed = createFeed({
      hf: createHfClient({ baseUrl: hf.url, logger: silentLogger, retries: 0 }),
      arxiv: { paper: async () => undefined, papers: () => new Promise(() => undefined), search: async () => [] },
      papers: createStores(createMemoryBackend({ clock }), clock).papers,
      clock,
      logger: silentLogger,
      categoryBudgetMs: 10_000,
    });
    let digest: { emptyReason?: string } | undefined;
    void feed.digest(DAY, settings('category:cs.DC')).then((d) => (digest = d));
    await expect.poll(() => clock.nextIn()).toBe(10_000); // the day has come from HF; the wait for arXiv has begun
    await clock.advance(9_999);
    expect(digest).toBeUndefined();
    await clock.advance(1);
    expect(digest?.emptyReason).toBe('all-filtered');
  });

  it('log a failed lookup and ask again at the next digest', async () => {
    hf.queue(/arxiv/, { status: 500, body: 'down' });
    const { feed, logger } = setup();
    expect((await feed.digest(DAY, settings('category:cs.DC'))).papers).toEqual([]);
    expect(logger.entries.some((e) => e.level === 'warn' && /category lookup failed/.test(e.msg))).toBe(true);
    expect(ids(await feed.digest(DAY, settings('category:cs.DC')))).toEqual(['2606.13501']);
    expect(arxivRequests()).toHaveLength(2);
  });
});
