import { createArxivClient, type ArxivClient } from '../../src/upstream/arxiv/client.js';
import { systemClock, type Clock } from '../../src/ports/clock.js';
import type { Config } from '../../src/config.js';
import { createFeed, type Feed } from '../../src/papers/feed.js';
import { createHfClient, type HfClient } from '../../src/upstream/hf/client.js';
import { addDays } from '../../src/time/dates.js';
import { createLiveCards, noLiveCards, type LiveCardOptions, type LiveCards } from '../../src/live-cards/service.js';
import type { Logger } from '../../src/ports/logger.js';
import { noMetrics, type Metrics } from '../../src/ports/metrics.js';
import { observeBackend } from '../../src/store/observed-backend.js';
import { createStores, openBackend, type Backend, type Stores } from '../../src/store/index.js';
import { createVoteIntake, type VoteIntake, type VoteIntakeOptions } from '../../src/votes/vote-intake.js';

/** The platform-neutral services every entry point (CLI, bot) shares. */
export interface Core {
  config: Config;
  logger: Logger;
  /** What the bot counts (`noMetrics` outside a running bot). */
  metrics: Metrics;
  clock: Clock;
  stores: Stores;
  feed: Feed;
  hf: HfClient;
  arxiv: ArxivClient;
  /** Edits posted paper messages when their votes, upvotes or links change (`noLiveCards` when off). */
  liveCards: LiveCards;
  /** Where the platforms' vote events go: applied, or kept while the store does not answer. */
  votes: VoteIntake;
  close(): Promise<void>;
}

/** Side effects a test or benchmark may replace. */
export interface CoreDeps {
  logger: Logger;
  /** Counted when given: store errors, HF and arXiv requests, and whatever the adapters count. */
  metrics?: Metrics;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  /** Store namespace (tests share a Redis or PostgreSQL server). */
  namespace?: string;
  arxivMinIntervalMs?: number;
  /** An already open backend (tests restarting a bot on the same store); opened from `STORE_URL` otherwise. */
  backend?: Backend;
  /** Live-card timings (tests and benchmarks); the throttle defaults to `LIVE_CARDS`. */
  liveCards?: LiveCardOptions;
  /** The vote queue's bound and retry pace (tests and benchmarks). */
  votes?: VoteIntakeOptions;
}

export async function createCore(config: Config, deps: CoreDeps): Promise<Core> {
  const { logger } = deps;
  const clock = deps.clock ?? systemClock;
  const metrics = deps.metrics ?? noMetrics;
  const backend = deps.backend ?? (await openBackend(config.storeUrl, { namespace: deps.namespace, logger, clock }));
  const stores = createStores(deps.metrics ? observeBackend(backend, metrics) : backend, clock);
  const hf = createHfClient({
    baseUrl: config.hfApiUrl,
    token: config.hfToken,
    logger,
    fetch: deps.fetch,
    observe: (status, ms) => metrics.upstream('hf', status, ms),
  });
  const arxiv = createArxivClient({
    apiUrl: config.arxivApiUrl,
    fetch: deps.fetch,
    minIntervalMs: deps.arxivMinIntervalMs,
    observe: (status, ms) => metrics.upstream('arxiv', status, ms),
  });
  // Recent days are fetched again now and then: upvotes and links keep moving after a day is final.
  const refresh = async () => {
    for (let back = 0; back <= 7; back++) await feed.refresh(addDays(feed.today(), -back));
  };
  const liveCards = config.liveCards
    ? createLiveCards({
        stores,
        clock,
        logger,
        refresh,
        options: { throttleMs: config.liveCards.throttleMs, ...deps.liveCards },
      })
    : noLiveCards;
  const feed = createFeed({
    hf,
    arxiv,
    papers: stores.papers,
    clock,
    logger,
    onRefresh: (_day, before, after) => liveCards.papersRefreshed(before, after),
  });
  const votes = createVoteIntake(
    { stores, logger, metrics, now: clock.now, onVoteChange: liveCards.votesChanged },
    deps.votes,
  );
  const close = async () => {
    votes.stop();
    liveCards.stop();
    await backend.close();
  };
  return { config, logger, metrics, clock, stores, feed, hf, arxiv, liveCards, votes, close };
}
