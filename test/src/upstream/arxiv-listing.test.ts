import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/errors.js';
import { createArxivListings } from '../../../src/upstream/arxiv/listing.js';
import { parseListing } from '../../../src/upstream/arxiv/listing-parse.js';
import { createSpacedLane } from '../../../src/upstream/paced-queue.js';
import { createArxivListingFake, renderListing, type ArxivListingFake } from '../../fakes/arxiv-listing-fake.js';
import { readFixture } from '../../fakes/hf-fake.js';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.js';

let fake: ArxivListingFake;
let clock: FakeClock;
beforeAll(async () => {
  clock = createFakeClock('2026-04-27T07:00:00Z');
  fake = await createArxivListingFake(() => clock.now());
});
afterAll(() => fake.close());

/** Runs `work` while moving the fake clock a second at a time, until it settles. */
async function settle<T>(work: Promise<T>): Promise<T> {
  let done = false;
  const result = work.finally(() => (done = true));
  result.catch(() => undefined);
  while (!done) await clock.advance(1000);
  return result;
}

const listings = (over: { maxWaitMs?: number; attempts?: number } = {}) =>
  createArxivListings({ rssUrl: fake.url, lane: createSpacedLane(3000, clock), clock, ...over });

describe("arXiv's RSS listings", () => {
  it('reads the real capture: the announcement date, ids without version, authors and categories', async () => {
    const l = await parseListing(readFixture('arxiv-rss-sample.xml'));
    expect(l.date).toBe('2026-04-27');
    expect(l.items.map((i) => [i.paper.id, i.version, i.type])).toEqual([
      ['2604.21935', 1, 'new'],
      ['2604.21936', 1, 'new'],
      ['2604.21937', 1, 'new'],
    ]);
    const first = l.items[0]!.paper;
    expect(first.authors).toEqual([{ name: 'Michael Cooper' }, { name: 'Samuel Cooper' }]);
    expect(first.categories).toEqual(['cs.AI', 'cs.LG']);
    expect(first.abstract).toMatch(/^Although language models demonstrate/);
    expect(first.source).toBe('arxiv');
    expect(first.publishedAt).toBe('2026-04-27T04:00:00.000Z');
  });

  it('tells new papers, cross-lists and new versions apart, keeping the version apart from the id', async () => {
    const xml = renderListing(['cs.RO'], {
      date: '2026-12-07',
      items: [
        { id: '2612.01001', type: 'new', categories: ['cs.RO'] },
        { id: '2612.01002', type: 'cross', categories: ['cs.LG', 'cs.RO'] },
        { id: '2611.09999', version: 2, type: 'replace', categories: ['cs.RO'], title: 'A <b>bold</b> & new title' },
        { id: 'hep-th/9901001', version: 3, type: 'replace-cross', categories: ['hep-th', 'cs.RO'] },
      ],
    });
    const l = await parseListing(xml);
    expect(l.date).toBe('2026-12-07');
    expect(l.items.map((i) => [i.paper.id, i.version, i.type])).toEqual([
      ['2612.01001', 1, 'new'],
      ['2612.01002', 1, 'cross'],
      ['2611.09999', 2, 'replace'],
      ['hep-th/9901001', 3, 'replace-cross'],
    ]);
    const replaced = l.items[2]!.paper;
    expect(replaced.title).toBe('A <b>bold</b> & new title');
    expect(replaced.version).toEqual({ n: 2, on: '2026-12-07' });
    expect(replaced.publishedAt).toBeUndefined(); // a new version's announcement is not the paper's publication
  });

  it('reads an empty weekend listing as no papers, dated by its channel', async () => {
    const l = await parseListing(renderListing(['cs.RO'], { date: '2026-05-02', items: [] }));
    expect(l).toMatchObject({ date: '2026-05-02', items: [], skipped: 0 });
  });

  it('refuses what is not an RSS listing, and a listing none of whose items is a paper', async () => {
    await expect(parseListing('<html><body>maintenance</body></html>')).rejects.toThrow(/not an RSS listing/);
    const broken = renderListing(['cs.RO'], {
      date: '2026-05-04',
      items: [{ id: '2605.00001', type: 'new', categories: [] }],
    })
      .replace(/<guid[^>]*>[^<]*<\/guid>/, '<guid>nonsense</guid>')
      .replace('<link>https://arxiv.org/abs/2605.00001</link>', '<link>https://example.org/</link>')
      .replace(/arXiv:\S+ Announce/, 'Announce');
    await expect(parseListing(broken)).rejects.toThrow(/none of them a paper/);
  });

  it('waits out a 429 and a 503 for as long as Retry-After says, on the clock, at least 3 s apart', async () => {
    fake.requests.length = 0;
    fake.queue({ status: 429, headers: { 'retry-after': '7' } }, { status: 503, headers: { 'retry-after': '5' } });
    const started = clock.now();
    const l = await settle(listings().listing(['cs.AI']));
    expect(l.items).toHaveLength(3);
    const times = fake.requests.map((r) => r.at - started);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(7000);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(5000);
  });

  it('backs off without a Retry-After, and never asks again sooner than 3 s (Retry-After: 0)', async () => {
    fake.requests.length = 0;
    fake.queue({ status: 503 }, { status: 429, headers: { 'retry-after': '0' } });
    await settle(listings({ attempts: 3 }).listing(['cs.AI']));
    const [a, b, c] = fake.requests.map((r) => r.at);
    expect(b! - a!).toBeGreaterThanOrEqual(30_000); // the first backoff
    expect(c! - b!).toBeGreaterThanOrEqual(3000);
  });

  it('gives up on a Retry-After past its cap at once, and after its attempts, with an upstream error', async () => {
    fake.queue({ status: 429, headers: { 'retry-after': '3600' } });
    const error = await settle(listings().listing(['cs.AI'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(/asked to wait 3600 s/);
    fake.queue({ status: 503 }, { status: 503 });
    const again = await settle(listings({ attempts: 2 }).listing(['cs.AI'])).catch((e: unknown) => e);
    expect((again as UpstreamError).status).toBe(503);
  });

  it('sends one request at a time, 3 s apart, across category sets sharing the lane', async () => {
    fake.requests.length = 0;
    const client = listings();
    await settle(
      Promise.all([client.listing(['cs.AI']), client.listing(['cs.RO']), client.listing(['cs.LG', 'cs.RO'])]),
    );
    const times = fake.requests.map((r) => r.at);
    expect(fake.requests.map((r) => r.categories.join('+'))).toEqual(['cs.AI', 'cs.RO', 'cs.LG+cs.RO']);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(3000);
  });
});
