import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/index.js';
import { createFeed } from '../../src/papers/feed.js';
import { createArxivClient } from '../../src/upstream/arxiv/client.js';
import { createHfClient } from '../../src/upstream/hf/client.js';
import { createManualClock } from '../../src/ports/clock.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import { createStores } from '../../src/store/index.js';
import { plainText } from '../../src/text/verbatim.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import { commandContext } from '../support/command-context.js';

/*
 * While Hugging Face (or arXiv) is down, a lookup says which source failed and which answered,
 * never "not found" for a source that was not asked. The feed is the real one, on the HF fake
 * (whose /arxiv/query serves the real arXiv capture) and on a port where nothing listens.
 */
let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
beforeEach(() => hf.clearOverrides());

const NOWHERE = 'http://127.0.0.1:9';
const HF_DOWN = { status: 503, body: { error: 'Service Unavailable' } };

function ask(options: { arxivUp?: boolean; admin?: boolean } = {}) {
  const backend = createMemoryBackend();
  const stores = createStores(backend);
  const clock = createManualClock('2026-06-15T12:00:00Z');
  const feed = createFeed({
    hf: createHfClient({ baseUrl: hf.url, logger: silentLogger, retries: 0, timeoutMs: 1000 }),
    arxiv: createArxivClient({
      apiUrl: options.arxivUp === false ? `${NOWHERE}/api/query` : `${hf.url}/arxiv/query`,
      retries: 0,
      timeoutMs: 1000,
      minIntervalMs: 0,
    }),
    papers: stores.papers,
    clock,
    logger: silentLogger,
  });
  const ctx = commandContext(backend, { feed, clock, isAdmin: options.admin ?? false });
  return async (name: string, raw: Record<string, unknown>) => {
    const r = await runCommand(name, raw, ctx);
    return { text: plainText(r.text), cards: r.cards ?? [] };
  };
}

describe('paper while a source is down', () => {
  it('does not claim Hugging Face has no such paper when Hugging Face did not answer', async () => {
    hf.always(/^\/api\/papers\//, HF_DOWN);
    const r = await ask()('paper', { id: '2606.77777' });
    expect(r.text).not.toMatch(/No paper 2606\.77777 on Hugging Face or arXiv/);
    expect(r.text).toBe(
      'Hugging Face is not answering (HTTP 503), and arXiv has no paper 2606.77777. Try again in a few minutes: it may be on Hugging Face.',
    );
  });

  it('says neither answered when arXiv is down too', async () => {
    hf.always(/^\/api\/papers\//, HF_DOWN);
    const r = await ask({ arxivUp: false })('paper', { id: '2606.77777' });
    expect(r.text).toMatch(
      /^Neither Hugging Face \(HTTP 503\) nor arXiv \(unreachable: .*\) is answering, so 2606\.77777 could not be looked up\. Try again in a few minutes\.$/,
    );
  });

  it('says Hugging Face has none and arXiv did not answer', async () => {
    const r = await ask({ arxivUp: false })('paper', { id: '2606.77777' });
    expect(r.text).toMatch(
      /^Hugging Face has no paper 2606\.77777, and arXiv is not answering \(unreachable: .*\)\. Try again in a few minutes: it may be on arXiv\.$/,
    );
  });

  it("shows arXiv's card when Hugging Face is down, saying where it came from", async () => {
    hf.always(/^\/api\/papers\//, HF_DOWN);
    const r = await ask()('paper', { id: '2606.13677' });
    expect(r.cards).toHaveLength(1);
    expect(r.text).toBe(
      'Hugging Face is not answering (HTTP 503); this card is from arXiv, without upvotes or an AI summary.',
    );
  });

  it('still says plainly that neither has the paper when both answered', async () => {
    expect((await ask()('paper', { id: '2606.77777' })).text).toBe('No paper 2606.77777 on Hugging Face or arXiv.');
  });
});

describe('search while a source is down', () => {
  it('names arXiv as the source that answered', async () => {
    hf.always(/papers\/search/, HF_DOWN);
    const r = await ask()('search', { query: 'transformer' });
    expect(r.text).toMatch(
      /\nHugging Face search is not answering \(HTTP 503\); these results are from arXiv and papers seen here before\.$/,
    );
  });

  it('does not claim arXiv answered when it is down too', async () => {
    hf.always(/papers\/search/, HF_DOWN);
    const r = await ask({ arxivUp: false })('search', { query: 'transformer' });
    expect(r.text).not.toMatch(/arXiv and/);
    expect(r.text).toMatch(
      /^No papers found for "transformer": Hugging Face search \(HTTP 503\) and arXiv \(unreachable: .*\) are not answering, and no paper seen here before matches\. Try again in a few minutes\.$/,
    );
  });
});

describe('today and digest while Hugging Face is down', () => {
  it.each([
    ['today', false],
    ['digest', true],
  ])('%s names Hugging Face, the one source of daily lists, as the one that failed', async (name, admin) => {
    hf.always(/daily_papers/, HF_DOWN);
    const r = await ask({ admin })(name, {});
    expect(r.text).toBe('Hugging Face is not answering right now (HTTP 503). Please try again in a few minutes.');
  });
});
