import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHfClient } from '../../../src/upstream/hf/client.js';
import { UpstreamError } from '../../../src/errors.js';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import { createHfFake, fixtureDay, withManyAuthors, type HfFake } from '../../fakes/hf-fake.js';

let fake: HfFake;
const logger = createMemoryLogger();
const client = (
  extra: { token?: string; timeoutMs?: number; retries?: number; pageSize?: number; maxBodyBytes?: number } = {},
) => createHfClient({ baseUrl: fake.url, logger, timeoutMs: 1000, retries: 2, maxDelayMs: 50, ...extra });

beforeAll(async () => {
  fake = await createHfFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clearOverrides();
  fake.requests.length = 0;
  logger.entries.length = 0;
});

describe('Hugging Face client', () => {
  it("returns a day's papers highest upvoted first, asking with the date", async () => {
    const papers = await client().dailyPapers('2026-06-12');
    expect(papers).toHaveLength(30);
    expect(papers.slice(0, 3).map((p) => [p.id, p.upvotes])).toEqual([
      ['2606.13681', 118],
      ['2606.13392', 103],
      ['2606.08063', 74],
    ]);
    for (let i = 1; i < papers.length; i++) expect(papers[i - 1]!.upvotes).toBeGreaterThanOrEqual(papers[i]!.upvotes);
    expect(fake.requests[0]!.query.get('date')).toBe('2026-06-12');
    expect(papers.every((p) => p.featuredOn === '2026-06-12')).toBe(true);
  });

  it('pages through a day until the list is exhausted', async () => {
    const papers = await client({ pageSize: 8 }).dailyPapers('2026-06-12');
    expect(papers).toHaveLength(30);
    expect(fake.requests.map((r) => r.query.get('p'))).toEqual(['0', '1', '2', '3']);
  });

  it('maps the fields a card needs, with relative avatars and hidden authors handled', async () => {
    const [first] = (await client().dailyPapers('2026-06-12')).filter((p) => p.id === '2606.11409');
    expect(first).toMatchObject({
      title: 'Risk Under Pressure: Compute-Aware Evaluation of Adversarial Robustness in Language Models',
      githubRepo: 'https://github.com/r-three/risk-under-pressure',
      githubStars: 1,
      organization: 'r-three',
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2606.11409.png',
      source: 'hf',
    });
    expect(first!.aiSummary).toMatch(/^Compute-aware evaluation/);
    expect(first!.abstract).not.toMatch(/\n/);
  });

  it('retries after a 429, honouring Retry-After, then succeeds', async () => {
    fake.queue(/daily_papers/, { status: 429, headers: { 'retry-after': '0' }, body: { error: 'rate limited' } });
    const papers = await client().dailyPapers('2026-06-12');
    expect(papers).toHaveLength(30);
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up with a clear error after bounded retries on persistent 500s', async () => {
    fake.always(/daily_papers/, { status: 500, body: 'oops' });
    const error = await client({ retries: 2 })
      .dailyPapers('2026-06-12')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe('HTTP 500');
    expect(fake.requests).toHaveLength(3);
  });

  it('times out a response that is too slow', async () => {
    fake.always(/daily_papers/, { delayMs: 2000, body: [] });
    const started = Date.now();
    const error = await client({ timeoutMs: 200, retries: 0 })
      .dailyPapers('2026-06-12')
      .catch((e: unknown) => e);
    expect((error as UpstreamError).message).toBe('timed out');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('gives up on a body that trickles in after its headers, at the deadline of each attempt', async () => {
    fake.always(/daily_papers/, { trickle: 50, body: fixtureDay() });
    const started = Date.now();
    const error = await client({ timeoutMs: 200, retries: 1 })
      .dailyPapers('2026-06-12')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe('timed out');
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('refuses a body whose Content-Length is over the cap before reading it, without asking again', async () => {
    // The length is a lie, so reading the body would stall until the deadline: only an early refusal is quick.
    fake.always(/daily_papers/, { body: [], headers: { 'content-length': '50000000' } });
    const started = Date.now();
    const error = await client({ maxBodyBytes: 10_000, retries: 2, timeoutMs: 1000 })
      .dailyPapers('2026-06-12')
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe('answered more than 10000 bytes');
    expect(fake.requests).toHaveLength(1);
  });

  it('stops reading a body without a length once it grows past the cap', async () => {
    fake.always(/daily_papers/, { trickle: 1, body: fixtureDay() });
    const error = await client({ maxBodyBytes: 20, retries: 2 })
      .dailyPapers('2026-06-12')
      .catch((e: unknown) => e);
    expect((error as UpstreamError).message).toBe('answered more than 20 bytes');
    expect(fake.requests).toHaveLength(1);
  });

  it('reads a whole trickled body that arrives within the deadline', async () => {
    fake.always(/daily_papers/, { trickle: 1, body: [{ paper: { id: '2606.00001', title: 'T' } }] });
    expect((await client({ timeoutMs: 2000, retries: 0 }).dailyPapers('2026-06-12')).map((p) => p.id)).toEqual([
      '2606.00001',
    ]);
  });

  it('skips a malformed item and keeps the rest of the day', async () => {
    const items = fixtureDay();
    fake.days.set('2026-06-11', [items[0], { paper: { id: 42, title: null } }, 'nonsense', items[1]]);
    const papers = await client().dailyPapers('2026-06-11');
    expect(papers).toHaveLength(2);
    expect(logger.entries.filter((e) => e.msg === 'skipped a malformed paper')).toHaveLength(2);
  });

  it('reports a day of only malformed papers as an upstream error, not as an empty day', async () => {
    fake.days.set('2026-06-11', [
      { paper: { id: 42, title: null } },
      'nonsense',
      { paper: { id: 'not-an-arxiv-id', title: 'x' } },
    ]);
    const error = await client()
      .dailyPapers('2026-06-11')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe('answered 3 papers for 2026-06-11, none of them valid');
  });

  it('reports search results that are all malformed as an upstream error', async () => {
    fake.queue(/papers\/search/, { body: ['nonsense', { paper: {} }] });
    await expect(client().search('x', 5)).rejects.toThrow('answered 2 papers for search "x", none of them valid');
  });

  it('still answers an empty day with no papers', async () => {
    expect(await client().dailyPapers('2026-06-09')).toEqual([]);
  });

  it('reports a payload that is not a list as an upstream error', async () => {
    fake.queue(/daily_papers/, { body: { error: 'surprise' } });
    await expect(client().dailyPapers('2026-06-12')).rejects.toThrow(/not a list/);
  });

  it('keeps every author of a paper with 533 authors', async () => {
    fake.days.set('2026-06-10', [withManyAuthors(fixtureDay()[0], 533)]);
    const [paper] = await client().dailyPapers('2026-06-10');
    expect(paper!.authors).toHaveLength(533);
  });

  it('searches with q and limit', async () => {
    const papers = await client().search('kazakh', 5);
    expect(papers).toHaveLength(5);
    expect(fake.requests[0]!.query.get('q')).toBe('kazakh');
    expect(fake.requests[0]!.query.get('limit')).toBe('5');
  });

  it('treats an unknown paper as not found rather than an error', async () => {
    expect(await client().paper('1234.56789')).toBeUndefined();
    fake.papers.set('2407.21783', {
      ...(fixtureDay()[0] as { paper: object }).paper,
      id: '2407.21783',
      title: 'The Llama 3 Herd of Models',
    });
    expect((await client().paper('2407.21783'))?.title).toBe('The Llama 3 Herd of Models');
  });

  it('sends HF_TOKEN as a bearer token only when set', async () => {
    await client({ token: 'hf_secret_token_value' }).search('x', 1);
    await client().search('x', 1);
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer hf_secret_token_value');
    expect(fake.requests[1]!.headers.authorization).toBeUndefined();
  });
});
