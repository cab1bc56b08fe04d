import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHfClient } from '../src/hf/client.js';
import { UpstreamError } from '../src/errors.js';
import { createMemoryLogger } from '../src/logger.js';
import { createHfFake, fixtureDay, withManyAuthors, type HfFake } from './fakes/hf-fake.js';

let fake: HfFake;
const logger = createMemoryLogger();
const client = (extra: { token?: string; timeoutMs?: number; retries?: number; pageSize?: number } = {}) =>
  createHfClient({ baseUrl: fake.url, logger, timeoutMs: 1000, retries: 2, maxDelayMs: 50, ...extra });

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
    expect(papers.slice(0, 3).map((p) => [p.id, p.upvotes])).toEqual([['2606.13681', 118], ['2606.13392', 103], ['2606.08063', 74]]);
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
    const error = await client({ retries: 2 }).dailyPapers('2026-06-12').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toBe('HTTP 500');
    expect(fake.requests).toHaveLength(3);
  });

  it('times out a response that is too slow', async () => {
    fake.always(/daily_papers/, { delayMs: 2000, body: [] });
    const started = Date.now();
    const error = await client({ timeoutMs: 200, retries: 0 }).dailyPapers('2026-06-12').catch((e: unknown) => e);
    expect((error as UpstreamError).message).toBe('timed out');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('skips a malformed item and keeps the rest of the day', async () => {
    const items = fixtureDay();
    fake.days.set('2026-06-11', [items[0], { paper: { id: 42, title: null } }, 'nonsense', items[1]]);
    const papers = await client().dailyPapers('2026-06-11');
    expect(papers).toHaveLength(2);
    expect(logger.entries.filter((e) => e.msg === 'skipped a malformed paper')).toHaveLength(2);
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
    fake.papers.set('2407.21783', { ...(fixtureDay()[0] as { paper: object }).paper, id: '2407.21783', title: 'The Llama 3 Herd of Models' });
    expect((await client().paper('2407.21783'))?.title).toBe('The Llama 3 Herd of Models');
  });

  it('sends HF_TOKEN as a bearer token only when set', async () => {
    await client({ token: 'hf_secret_token_value' }).search('x', 1);
    await client().search('x', 1);
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer hf_secret_token_value');
    expect(fake.requests[1]!.headers.authorization).toBeUndefined();
  });
});
