import { randomUUID } from 'node:crypto';
import { createAnnouncementCaches, createAnnouncements } from '../../src/arxiv-feed/announcements.js';
import { createArxivDays } from '../../src/arxiv-feed/arxiv-days.js';
import type { ChannelPoster, Outgoing } from '../../src/delivery/channel-poster.js';
import { createDelivery } from '../../src/delivery/delivery.js';
import { createTickRunner, type TickResult } from '../../src/delivery/tick.js';
import { createLiveCards } from '../../src/live-cards/service.js';
import type { MessageRef } from '../../src/model.js';
import { createFeed } from '../../src/papers/feed.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { Backend } from '../../src/store/backend.js';
import { createStores } from '../../src/store/index.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import type { Subscription } from '../../src/subscriptions/subscription.js';
import { createArxivListings } from '../../src/upstream/arxiv/listing.js';
import { createSpacedLane } from '../../src/upstream/paced-queue.js';
import type { ArxivListingFake } from '../fakes/arxiv-listing-fake.js';
import { stubHf } from './delivery-rig.js';
import type { FakeClock } from './fake-clock.js';
import type { HfClient } from '../../src/papers/sources.js';
import { createFakeChannels, type BeforePost } from './fake-channels.js';

/** An edit a live card made: the message, and the card's paper and facts as it then showed them. */
export interface FakeEdit {
  ref: MessageRef;
  paperId: string;
  signals: string[];
}

export interface ArxivRigOptions {
  clock: FakeClock;
  fake: ArxivListingFake;
  backend?: Backend;
  /** Shared between instances of a test (two processes on one store share nothing else). */
  channels?: ReturnType<typeof createFakeChannels>;
  /** Runs before each post (failures, a crash). */
  before?: BeforePost;
  name?: string;
  /** Hugging Face, for Hugging Face feeds beside the arXiv ones (default: six papers every weekday). */
  hf?: HfClient;
}

/**
 * The delivery side of a bot with arXiv feeds, in process: real stores, the real listing client
 * (through the listing fake's in-process `fetch`), announcements, arXiv days, live cards editing
 * replaced papers' cards, a delivery and the scheduler's runner, all on one fake clock.
 */
export function startArxivRig(o: ArxivRigOptions) {
  const { clock, fake } = o;
  const backend = o.backend ?? createMemoryBackend({ clock });
  const stores = createStores(backend, clock);
  const channels = o.channels ?? createFakeChannels();
  const edits: FakeEdit[] = [];
  const base: ChannelPoster = channels.poster(o.name ?? 'a', o.before);
  base.edit = async (ref: MessageRef, message: Outgoing) => {
    if (message.kind === 'paper') edits.push({ ref, paperId: message.card.paperId, signals: message.card.signals });
  };
  const liveCards = createLiveCards({
    stores,
    clock,
    logger: silentLogger,
    options: { throttleMs: 60_000, settleMs: 1000, tickMs: 10 * 60_000, idleMs: 0 },
  });
  const poster = liveCards.attach('discord', base);
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
    onReplaced: (before, after) => liveCards.papersRefreshed(before, after),
  });
  const feed = createFeed({
    hf: o.hf ?? stubHf(),
    arxiv: { paper: async () => undefined, papers: async () => [], search: async () => [] },
    papers: stores.papers,
    clock,
    logger: silentLogger,
  });
  const delivery = createDelivery({
    feed,
    stores,
    poster,
    clock,
    logger: silentLogger,
    owner: randomUUID(),
    voteEmoji: '👍',
    arxiv: createArxivDays({ announcements, stores }),
  });
  const runner = createTickRunner({
    stores,
    clock,
    logger: silentLogger,
    deliveries: new Map([['discord', delivery]]),
  });

  /** Runs `work` while moving the clock a second at a time (arXiv's spacing, Retry-After waits) until it settles. */
  async function settle<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const result = work.finally(() => (done = true));
    result.catch(() => undefined);
    while (!done) await clock.advance(1000);
    return result;
  }

  return {
    clock,
    fake,
    backend,
    stores,
    channels,
    edits,
    liveCards,
    announcements,
    delivery,
    runner,
    settle,
    /** Ticks the scheduler every `stepMs` until `until`, each tick settled before time moves on; every result. */
    async runUntil(until: string, stepMs = 10 * 60_000): Promise<TickResult[]> {
      const results: TickResult[] = [];
      const end = Date.parse(until);
      while (clock.now() <= end) {
        results.push(...(await settle(runner.tick())));
        liveCards.flush();
        await settle(liveCards.settled());
        const next = (Math.floor(clock.now() / stepMs) + 1) * stepMs;
        await clock.advance(next - clock.now());
      }
      return results;
    },
    stop: () => liveCards.stop(),
  };
}

export type ArxivRig = ReturnType<typeof startArxivRig>;

/** An arXiv feed made long ago, in a Discord channel of team g1. */
export function arxivSubscription(
  channelId: string,
  categories: string[],
  over: Partial<Subscription> = {},
): Subscription {
  return {
    channel: { platform: 'discord', teamId: 'g1', channelId },
    time: '09:00',
    timeZone: 'Europe/Berlin',
    settings: { count: 10, keywords: '', minUpvotes: 0 },
    day: 'previous',
    emptyDayNote: true,
    createdAt: '2026-01-01T00:00:00Z',
    createdBy: 'discord:u1',
    failures: 0,
    arxiv: { categories: [...categories].sort(), include: 'cross' },
    ...over,
  };
}
