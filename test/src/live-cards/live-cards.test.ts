import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/ports/clock.js';
import type { ChannelPoster, Outgoing } from '../../../src/delivery/channel-poster.js';
import { notableChanges } from '../../../src/live-cards/changes.js';
import { createLiveCards, type LiveCardOptions } from '../../../src/live-cards/service.js';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import type { MessageRef, Paper } from '../../../src/model.js';
import { createStores } from '../../../src/store/index.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { applyVote } from '../../../src/votes/votes.js';

const MIN = 60_000;
const paper = (over: Partial<Paper> = {}): Paper => ({
  id: '2606.00001',
  title: 'A paper',
  authors: [{ name: 'A. Author' }],
  abstract: 'Abstract.',
  keywords: [],
  upvotes: 20,
  source: 'hf',
  ...over,
});

/** A poster that records edits; `hold()` keeps the next post in flight until released. */
function recordingPoster() {
  const edits: { ref: MessageRef; message: Outgoing }[] = [];
  let release: (() => void) | undefined;
  let held: Promise<void> | undefined;
  const poster: ChannelPoster = {
    async post(channel) {
      if (held) await held;
      return { platform: channel.platform, channelId: channel.channelId, messageId: 'new' };
    },
    async edit(ref, message) {
      edits.push({ ref, message });
    },
  };
  const hold = () => (held = new Promise<void>((r) => (release = r)));
  return {
    poster,
    edits,
    hold,
    release: () => {
      held = undefined;
      release?.();
    },
  };
}

/** A paper message landed in `channel` (discord, team g1) through the ledger, as a delivery records it. */
async function setup(options: LiveCardOptions = {}) {
  const clock = createManualClock('2026-06-12T12:00:00Z');
  const stores = createStores(createMemoryBackend(), clock);
  const logger = createMemoryLogger();
  const live = createLiveCards({ stores, clock, logger, options: { idleMs: 0, tickMs: 3_600_000, ...options } });
  const rec = recordingPoster();
  const poster = live.attach('discord', rec.poster);
  await stores.papers.remember([paper()]);
  const land = async (channelId: string, messageId: string) => {
    const key = `discord:${channelId}`;
    await stores.ledger.begin(key, '2026-06-11', {
      day: '2026-06-11',
      team: 'discord:g1',
      kind: 'digest',
      paperIds: [paper().id],
      header: 'h',
      createdAt: clock.now(),
      by: 'schedule',
    });
    const ref: MessageRef = { platform: 'discord', channelId, messageId };
    await stores.ledger.landed(key, '2026-06-11', paper().id, ref);
    return ref;
  };
  let order = 1;
  const vote = (ref: MessageRef, voter: string, present = true) =>
    applyVote(
      { present, ref, voter: `discord:${voter}`, emoji: '👍', order: order++ },
      { stores, logger, now: clock.now, onVoteChange: live.votesChanged },
    );
  const step = async (ms: number) => {
    await live.settled();
    clock.advance(ms);
    live.flush();
    await live.settled();
  };
  return { clock, stores, live, rec, poster, land, vote, step };
}

const footer = (m: Outgoing) => (m.kind === 'paper' ? m.card.signals.join(' · ') : '');

describe('live cards', () => {
  it('shows a burst of votes in one edit, and at most one edit per five minutes', async () => {
    const t = await setup();
    const ref = await t.land('c1', 'm1');
    await t.vote(ref, 'u1');
    await t.vote(ref, 'u2');
    await t.step(0);
    expect(t.rec.edits).toHaveLength(0); // waits a moment for more votes
    await t.vote(ref, 'u3');
    await t.step(10_000);
    expect(t.rec.edits.map((e) => e.ref)).toEqual([ref]);
    expect(footer(t.rec.edits[0]!.message)).toContain('👍 3 team votes');
    await t.vote(ref, 'u4');
    await t.vote(ref, 'u2', false);
    await t.step(2 * MIN);
    expect(t.rec.edits).toHaveLength(1);
    await t.step(3 * MIN);
    expect(t.rec.edits).toHaveLength(2);
    expect(footer(t.rec.edits[1]!.message)).toContain('👍 3 team votes');
    expect(t.live.stats()).toMatchObject({ scheduled: 2, coalesced: 3, edited: 2 });
  });

  it("keeps the card's place in its day's post when it edits it", async () => {
    const t = await setup();
    const key = 'discord:c3';
    await t.stores.ledger.begin(key, '2026-06-11', {
      day: '2026-06-11',
      team: 'discord:g1',
      kind: 'digest',
      paperIds: ['2606.00099', paper().id],
      header: 'h',
      createdAt: t.clock.now(),
      by: 'schedule',
    });
    const ref: MessageRef = { platform: 'discord', channelId: 'c3', messageId: 'm3' };
    await t.stores.ledger.landed(key, '2026-06-11', paper().id, ref);
    await t.vote(ref, 'u1');
    await t.step(10_000);
    const edited = t.rec.edits[0]!.message;
    expect(edited.kind === 'paper' ? edited.card.rank : undefined).toBe(2);
  });

  it('edits every message of the paper in the team, each with its own throttle', async () => {
    const t = await setup();
    const [a, b] = [await t.land('c1', 'm1'), await t.land('c2', 'm2')];
    await t.vote(a, 'u1');
    await t.step(10_000);
    expect(t.rec.edits.map((e) => e.ref.messageId).sort()).toEqual(['m1', 'm2']);
    await t.vote(b, 'u2');
    await t.step(5 * MIN);
    expect(t.rec.edits.map((e) => footer(e.message)).slice(2)).toEqual([
      expect.stringContaining('👍 2 team votes'),
      expect.stringContaining('👍 2 team votes'),
    ]);
  });

  it('never edits a message older than seven days', async () => {
    const t = await setup();
    const ref = await t.land('c1', 'm1');
    t.clock.advance(7 * 24 * 60 * MIN + 1);
    await t.vote(ref, 'u1');
    await t.step(10 * MIN);
    expect(t.rec.edits).toHaveLength(0);
    expect(t.live.stats().refusedOld).toBe(1);
    expect(await t.stores.votes.count('discord:g1', paper().id)).toBe(1); // the vote itself still counts
  });

  it('holds edits while a digest is being posted, and sends them once it has landed', async () => {
    const t = await setup();
    const ref = await t.land('c1', 'm1');
    await t.vote(ref, 'u1');
    t.rec.hold();
    const posting = t.poster.post(
      { platform: 'discord', teamId: 'g1', channelId: 'c9' },
      { kind: 'header', text: 'today' },
    );
    await t.live.settled();
    t.clock.advance(10_000);
    t.live.flush();
    await new Promise((r) => setTimeout(r, 20));
    expect(t.rec.edits).toHaveLength(0);
    t.rec.release();
    await posting;
    await t.live.settled();
    expect(t.rec.edits).toHaveLength(1);
  });

  it('updates a card when HF upvotes move notably or a code link appears, not for a small move', async () => {
    const t = await setup();
    await t.land('c1', 'm1');
    const refreshed = async (p: Paper) => {
      const before = [(await t.stores.papers.getPaper(p.id))!];
      await t.stores.papers.remember([p]);
      t.live.papersRefreshed(before, [p]);
      await t.step(5 * MIN);
    };
    await refreshed(paper({ upvotes: 24 }));
    expect(t.rec.edits).toHaveLength(0);
    await refreshed(paper({ upvotes: 26 })); // 2 more than the last fetch, 6 more than the card shows
    expect(t.rec.edits).toHaveLength(1);
    expect(footer(t.rec.edits[0]!.message)).toContain('▲ 26 upvotes');
    await refreshed(paper({ upvotes: 26, githubRepo: 'https://github.com/a/b' }));
    expect(t.rec.edits).toHaveLength(2);
    const last = t.rec.edits[1]!.message;
    expect(last.kind === 'paper' && last.card.links.map((l) => l.label)).toContain('Code');
  });
});

describe('what counts as a notable change', () => {
  it.each([
    [20, 24, {}, []],
    [20, 25, {}, ['upvotes']],
    [4, 7, {}, ['upvotes']],
    [1, 3, {}, []],
    [100, 109, {}, []],
    [100, 90, {}, ['upvotes']],
    [5, 5, { githubRepo: 'https://github.com/a/b' }, ['code']],
    [5, 5, { projectPage: 'https://a.b' }, ['project']],
  ] as const)('%i → %i upvotes %o: %o', (from, to, extra, want) => {
    expect(notableChanges(paper({ upvotes: from }), paper({ upvotes: to, ...extra }))).toEqual(want);
  });
});
