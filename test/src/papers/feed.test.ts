import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFeed } from '../../../src/papers/feed.js';
import { createHfClient } from '../../../src/upstream/hf/client.js';
import type { ArxivClient } from '../../../src/upstream/arxiv/client.js';
import { createManualClock } from '../../../src/ports/clock.js';
import { UpstreamError, UserError } from '../../../src/errors.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { createStores } from '../../../src/store/index.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { makePaper } from '../../support/papers.js';

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
beforeEach(() => {
  hf.clearOverrides();
  hf.requests.length = 0;
  for (const day of [...hf.days.keys()]) if (day !== '2026-06-12') hf.days.delete(day);
});

const arxivStub = (
  papers = [makePaper({ id: '2606.13677', source: 'arxiv', title: 'Mana' })],
): ArxivClient & { calls: number } => {
  const stub = {
    calls: 0,
    paper: async (id: string) => (stub.calls++, papers.find((p) => p.id === id)),
    papers: async (ids: readonly string[]) => (stub.calls++, papers.filter((p) => ids.includes(p.id))),
    search: async () => (stub.calls++, papers),
  };
  return stub;
};

function setup(now = '2026-06-20T12:00:00Z', timeoutMs = 1000) {
  const clock = createManualClock(now);
  const stores = createStores(createMemoryBackend());
  const arxiv = arxivStub();
  const feed = createFeed({
    hf: createHfClient({ baseUrl: hf.url, logger: silentLogger, retries: 0, timeoutMs }),
    arxiv,
    papers: stores.papers,
    clock,
    logger: silentLogger,
    refreshMs: 60_000,
  });
  return { clock, stores, arxiv, feed };
}

const dailyRequests = () => hf.requests.filter((r) => r.path === '/api/daily_papers').length;

describe('the feed', () => {
  it('fetches a settled past day once and keeps it', async () => {
    const { feed, clock } = setup();
    expect((await feed.day('2026-06-12')).length).toBe(30);
    clock.advance(30 * 86_400_000);
    await feed.day('2026-06-12');
    expect(dailyRequests()).toBe(1);
  });

  it("refreshes today's list, which is still filling, after the refresh interval", async () => {
    const { feed, clock } = setup('2026-06-12T15:00:00Z');
    await feed.day('2026-06-12');
    await feed.day('2026-06-12');
    expect(dailyRequests()).toBe(1);
    clock.advance(61_000);
    await feed.day('2026-06-12');
    expect(dailyRequests()).toBe(2);
  });

  it('shares one upstream request between concurrent callers', async () => {
    const { feed } = setup();
    await Promise.all([feed.day('2026-06-12'), feed.day('2026-06-12'), feed.day('2026-06-12')]);
    expect(dailyRequests()).toBe(1);
  });

  it('a day Hugging Face answered empty once is fetched again later', async () => {
    const { feed, clock } = setup();
    expect(await feed.day('2026-06-16')).toEqual([]);
    await feed.day('2026-06-16');
    expect(dailyRequests()).toBe(1);
    hf.days.set('2026-06-16', hf.days.get('2026-06-12')!);
    clock.advance(61_000);
    expect((await feed.day('2026-06-16')).length).toBe(30);
    expect(dailyRequests()).toBe(2);
  });

  it('keeps an empty answer for a day more than a week before the fetch', async () => {
    const { feed, clock } = setup();
    expect(await feed.day('2026-06-05')).toEqual([]);
    clock.advance(86_400_000);
    await feed.day('2026-06-05');
    expect(dailyRequests()).toBe(1);
  });

  it('reports a day of only malformed papers as a Hugging Face error and asks again next time', async () => {
    const { feed } = setup();
    hf.days.set('2026-06-16', ['nonsense', { paper: { id: 42 } }]);
    await expect(feed.day('2026-06-16')).rejects.toThrow('answered 2 papers for 2026-06-16, none of them valid');
    hf.days.set('2026-06-16', hf.days.get('2026-06-12')!);
    expect((await feed.day('2026-06-16')).length).toBe(30);
    expect(dailyRequests()).toBe(2);
  });

  it('fails every caller sharing a stalled request, and the next caller asks afresh', async () => {
    const { feed } = setup(undefined, 200);
    hf.always(/daily_papers/, { trickle: 50, body: hf.days.get('2026-06-12') });
    const results = await Promise.allSettled([feed.day('2026-06-12'), feed.day('2026-06-12'), feed.day('2026-06-12')]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'resolved'))).toEqual([
      'timed out',
      'timed out',
      'timed out',
    ]);
    expect(dailyRequests()).toBe(1);
    hf.clearOverrides();
    expect((await feed.day('2026-06-12')).length).toBe(30);
    expect(dailyRequests()).toBe(2);
  });

  it('serves the cached list when Hugging Face is down during a refresh', async () => {
    const { feed, clock } = setup('2026-06-12T15:00:00Z');
    await feed.day('2026-06-12');
    hf.always(/daily_papers/, { status: 503 });
    clock.advance(61_000);
    expect((await feed.day('2026-06-12')).length).toBe(30);
  });

  it('reports Hugging Face down when nothing is cached', async () => {
    const { feed } = setup();
    hf.always(/daily_papers/, { status: 503 });
    await expect(feed.day('2026-06-12')).rejects.toBeInstanceOf(UpstreamError);
  });

  it.each([
    ['2026-13-01', /is not a date/],
    ['2023-01-01', /Daily Papers starts on 2023-05-04/],
    ['2026-06-22', /is in the future/],
  ])('refuses the day %s with a friendly message', async (day, message) => {
    const { feed } = setup();
    await expect(feed.day(day)).rejects.toThrow(UserError);
    await expect(feed.day(day)).rejects.toThrow(message);
  });

  it('knows the current Daily Papers day rolls over at 21:30 New York time', () => {
    expect(setup('2026-06-13T01:29:00Z').feed.today()).toBe('2026-06-12');
    expect(setup('2026-06-13T01:31:00Z').feed.today()).toBe('2026-06-13');
  });

  it('finds papers seen in a day through the local index when HF search is down', async () => {
    const { feed, arxiv } = setup();
    await feed.day('2026-06-12');
    hf.always(/papers\/search/, { status: 500 });
    const result = await feed.search('adversarial robustness', 1);
    expect(result.degraded).toEqual({ hf: 'HTTP 500', arxiv: 'not needed' });
    expect(result.papers.map((p) => p.id)).toEqual(['2606.11409']);
    expect(arxiv.calls).toBe(0);
  });

  it('tops up from arXiv when HF search is down and the local index has too little', async () => {
    const { feed, arxiv } = setup();
    hf.always(/papers\/search/, { status: 500 });
    const result = await feed.search('dexterous manipulation', 5);
    expect(result.degraded).toEqual({ hf: 'HTTP 500', arxiv: 'answered' });
    expect(arxiv.calls).toBe(1);
    expect(result.papers.map((p) => p.id)).toEqual(['2606.13677']);
  });

  it('looks a paper up in what it has seen, then HF, then arXiv', async () => {
    const { feed, arxiv } = setup();
    await feed.day('2026-06-12');
    expect((await feed.paper('2606.11409'))?.source).toBe('hf');
    expect(hf.requests.some((r) => r.path.startsWith('/api/papers/2606.11409'))).toBe(false);
    expect((await feed.paper('2606.13677'))?.title).toBe('Mana');
    expect(arxiv.calls).toBe(1);
    expect(await feed.paper('2606.99999')).toBeUndefined();
  });

  it('finds the papers a previous run stored, with nothing to rebuild at start', async () => {
    const first = setup();
    await first.feed.day('2026-06-12');
    const again = createFeed({
      hf: createHfClient({ baseUrl: hf.url, logger: silentLogger }),
      arxiv: arxivStub([]),
      papers: first.stores.papers,
      clock: first.clock,
      logger: silentLogger,
    });
    expect(await again.warm()).toBe(0);
    hf.always(/papers\/search/, { status: 500 });
    expect((await again.search('adversarial robustness', 1)).papers[0]!.id).toBe('2606.11409');
  });
});

describe('the latest day', () => {
  it("is today once today's list has papers, and the day before while it is still empty", async () => {
    const full = setup('2026-06-12T20:00:00Z');
    expect(await full.feed.latestDay()).toBe('2026-06-12');
    const early = setup('2026-06-13T09:00:00Z');
    expect(await early.feed.latestDay()).toBe('2026-06-12');
  });
});
