import { describe, expect, it } from 'vitest';
import type { ChannelPoster, Outgoing } from '../../../src/delivery/channel-poster.js';
import { createLiveCards, type LiveCardOptions } from '../../../src/live-cards/service.js';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import type { MessageRef, Paper } from '../../../src/model.js';
import { createStores } from '../../../src/store/index.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { applyVote } from '../../../src/votes/votes.js';
import { createFakeClock } from '../../support/fake-clock.js';

const PAPER: Paper = {
  id: '2606.00001',
  title: 'A paper',
  authors: [{ name: 'A. Author' }],
  abstract: 'Abstract.',
  keywords: [],
  upvotes: 20,
  source: 'hf',
};
const C = { platform: 'discord' as const, teamId: 'g1', channelId: 'c1' };

/** Live cards on a fake clock, with one paper message posted in c1 and a poster that records edits. */
async function setup(options: LiveCardOptions, refresh?: () => Promise<void>) {
  const clock = createFakeClock('2026-06-12T12:00:00Z');
  const stores = createStores(createMemoryBackend({ clock }), clock);
  const logger = createMemoryLogger();
  const live = createLiveCards({ stores, clock, logger, refresh, options });
  const edits: Outgoing[] = [];
  let releasePost: (() => void) | undefined;
  const platform: ChannelPoster = {
    async post(channel) {
      await new Promise<void>((resolve) => (releasePost = resolve));
      return { platform: 'discord', channelId: channel.channelId, messageId: 'new' };
    },
    async edit(_ref, message) {
      edits.push(message);
    },
  };
  const poster = live.attach('discord', platform);
  await stores.papers.remember([PAPER]);
  const key = 'discord:c1';
  await stores.ledger.begin(key, '2026-06-11', {
    day: '2026-06-11',
    team: 'discord:g1',
    kind: 'digest',
    paperIds: [PAPER.id],
    header: 'h',
    createdAt: clock.now(),
    by: 'schedule',
  });
  const ref: MessageRef = { platform: 'discord', channelId: 'c1', messageId: 'm1' };
  await stores.ledger.landed(key, '2026-06-11', PAPER.id, ref);
  const vote = async () => {
    await applyVote(
      { present: true, ref, voter: 'discord:u1', emoji: '👍', order: 1 },
      { stores, logger, now: clock.now, onVoteChange: live.votesChanged },
    );
    await live.settled();
  };
  return { clock, live, edits, poster, vote, releasePost: () => releasePost?.() };
}

describe('live-card timers, on the bot clock', () => {
  it('edits a card on the first tick after its settling wait, without anyone flushing', async () => {
    const { clock, live, edits, vote } = await setup({ tickMs: 5000, settleMs: 10_000, idleMs: 0 });
    await vote();
    await clock.advance(9999);
    expect(edits).toHaveLength(0);
    await clock.advance(1);
    await live.settled();
    expect(edits).toHaveLength(1);
    live.stop();
  });

  it('holds edits while a post is in flight and until posting has been quiet for the idle time', async () => {
    const { clock, live, edits, poster, vote, releasePost } = await setup({ tickMs: 1000, settleMs: 0, idleMs: 2000 });
    const posting = poster.post(C, { kind: 'header', text: 'a daily post' });
    await vote();
    await clock.advance(60_000);
    expect(edits).toHaveLength(0);
    releasePost();
    await posting;
    await clock.advance(1999);
    expect(edits).toHaveLength(0);
    await clock.advance(1);
    await live.settled();
    expect(edits).toHaveLength(1);
    live.stop();
  });

  it('has the recent days fetched again every refresh period, and no more once stopped', async () => {
    let refreshes = 0;
    const { clock, live } = await setup({ refreshEveryMs: 30 * 60_000 }, async () => void refreshes++);
    await clock.advance(30 * 60_000 - 1);
    expect(refreshes).toBe(0);
    await clock.advance(1);
    expect(refreshes).toBe(1);
    await clock.advance(30 * 60_000);
    expect(refreshes).toBe(2);
    live.stop();
    await clock.advance(60 * 60_000);
    expect(refreshes).toBe(2);
  });
});
