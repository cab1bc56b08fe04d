import { randomUUID } from 'node:crypto';
import type { ArxivClient } from '../../src/upstream/arxiv/client.js';
import type { Clock } from '../../src/ports/clock.js';
import { isWeekend } from '../../src/time/dates.js';
import { createDelivery, type Delivery } from '../../src/delivery/delivery.js';
import { type ChannelPoster } from '../../src/delivery/channel-poster.js';
import { createFeed } from '../../src/papers/feed.js';
import type { HfClient } from '../../src/upstream/hf/client.js';
import { silentLogger, type Logger } from '../../src/ports/logger.js';
import type { ChannelRef, Paper } from '../../src/model.js';
import { createTickRunner, type TickRunner } from '../../src/delivery/tick.js';
import type { Backend } from '../../src/store/backend.js';
import { createStores, type Stores } from '../../src/store/index.js';
import type { Subscription } from '../../src/subscriptions/subscription.js';
import { makePaper } from './papers.js';

/** Six papers on every weekday, none on weekends (as on Hugging Face); ids like 2606.11003 for 2026-06-11. */
export function papersOn(day: string): Paper[] {
  if (isWeekend(day)) return [];
  const stem = `${day.slice(2, 4)}${day.slice(5, 7)}.${day.slice(8, 10)}`;
  return Array.from({ length: 6 }, (_, i) =>
    makePaper({
      id: `${stem}${String(i + 1).padStart(3, '0')}`,
      upvotes: 60 - i * 10 - Number(day.slice(8, 10)),
      featuredOn: day,
    }),
  );
}

/** A Hugging Face client serving `papersOn` (or `days` where given) without a network. */
export function stubHf(days: Map<string, Paper[]> = new Map()): HfClient {
  return {
    dailyPapers: async (day) => days.get(day) ?? papersOn(day),
    search: async () => [],
    paper: async () => undefined,
  };
}

const noArxiv: ArxivClient = { paper: async () => undefined, papers: async () => [], search: async () => [] };

/** One running instance of the bot's delivery side: its stores, delivery and scheduler runner. */
export interface Instance {
  stores: Stores;
  delivery: Delivery;
  runner: TickRunner;
}

export interface InstanceOptions {
  clock: Clock;
  poster: ChannelPoster;
  leaseMs?: number;
  pauseAfterFailures?: number;
  retryBaseMs?: number;
  concurrency?: number;
  logger?: Logger;
  hf?: HfClient;
}

export function startInstance(backend: Backend, o: InstanceOptions): Instance {
  const logger = o.logger ?? silentLogger;
  const stores = createStores(backend, o.clock);
  const feed = createFeed({ hf: o.hf ?? stubHf(), arxiv: noArxiv, papers: stores.papers, clock: o.clock, logger });
  const delivery = createDelivery({
    feed,
    stores,
    clock: o.clock,
    logger,
    poster: o.poster,
    owner: randomUUID(),
    voteEmoji: '👍',
    leaseMs: o.leaseMs,
    pauseAfterFailures: o.pauseAfterFailures,
  });
  const runner = createTickRunner({
    stores,
    clock: o.clock,
    logger,
    deliveries: new Map([['discord', delivery]]),
    retryBaseMs: o.retryBaseMs,
    concurrency: o.concurrency,
  });
  return { stores, delivery, runner };
}

export const channel = (channelId: string): ChannelRef => ({ platform: 'discord', teamId: 'g1', channelId });

/** A subscription made long ago that last posted `lastPostedDay`. */
export function subscription(channelId: string, over: Partial<Subscription> = {}): Subscription {
  return {
    channel: channel(channelId),
    time: '09:00',
    timeZone: 'Europe/Berlin',
    settings: { count: 5, keywords: [], minUpvotes: 0 },
    day: 'previous',
    emptyDayNote: true,
    createdAt: '2026-01-01T00:00:00Z',
    createdBy: 'discord:u1',
    failures: 0,
    ...over,
  };
}
