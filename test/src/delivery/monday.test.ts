import { afterEach, describe, expect, it } from 'vitest';
import { backendCases } from '../../support/backends.js';
import { papersOn, startInstance, subscription } from '../../support/delivery-rig.js';
import { createFakeChannels } from '../../support/fake-channels.js';
import { createFakeClock } from '../../support/fake-clock.js';

/**
 * Monday's post, for feeds that post every day (`days:daily`, the feeds made before the option):
 * it shows the latest day with papers that the feed has not posted yet, never Sunday's empty list
 * when Friday's papers are still owed.
 */
const { open, cleanup } = backendCases()[0]!;
afterEach(() => cleanup());
const MIN = 60_000;

/** A daily 09:00 Berlin feed, ticked every 10 minutes from `from` to `to`; the headers it posted. */
async function run(over: Parameters<typeof subscription>[1], from: string, to: string) {
  const clock = createFakeClock(from);
  const chat = createFakeChannels();
  const instance = startInstance(await open(), { clock, poster: chat.poster() });
  await instance.stores.subscriptions.put(subscription('c1', over));
  while (clock.now() <= Date.parse(to)) {
    await instance.runner.tick();
    await clock.advance(10 * MIN);
  }
  const posts = chat.in('c1');
  return { posts, headers: posts.filter((p) => p.kind === 'header').map((p) => p.text.split('\n')[0]) };
}

describe("Monday's post of a daily feed", () => {
  it("shows Friday's papers when the feed was made on Sunday, not Sunday's empty list", async () => {
    const { posts, headers } = await run(
      { createdAt: '2026-06-14T10:00:00Z' },
      '2026-06-14T10:00:00Z',
      '2026-06-15T10:00:00Z',
    );
    expect(headers).toEqual(['📰 Hugging Face Daily Papers · Friday, 12 June 2026 · all 5 matching']);
    expect(posts.slice(1).map((p) => p.text)).toEqual(
      papersOn('2026-06-12')
        .slice(0, 5)
        .map((p) => p.id),
    );
  });

  it("gets the one-line note when Saturday's post already showed Friday", async () => {
    const { headers } = await run(
      { createdAt: '2026-06-12T10:00:00Z' },
      '2026-06-12T10:00:00Z',
      '2026-06-15T10:00:00Z',
    );
    expect(headers).toEqual([
      '📰 Hugging Face Daily Papers · Friday, 12 June 2026 · all 5 matching',
      '📰 Hugging Face Daily Papers · Saturday, 13 June 2026',
      '📰 Hugging Face Daily Papers · Sunday, 14 June 2026',
    ]);
  });
});
