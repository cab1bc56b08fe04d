import { createArxivClient, type ArxivClient } from '../../src/upstream/arxiv/client.js';
import { createArxivListings } from '../../src/upstream/arxiv/listing.js';
import { createSpacedLane } from '../../src/upstream/paced-queue.js';
import {
  createAnnouncementCaches,
  createAnnouncements,
  type Announcements,
} from '../../src/arxiv-feed/announcements.js';
import { createArxivDays } from '../../src/arxiv-feed/arxiv-days.js';
import type { DaySource } from '../../src/delivery/day-source.js';
import { systemClock, type Clock } from '../../src/ports/clock.js';
import type { Config } from '../../src/config.js';
import { createFeed, createFeedCaches, type Feed } from '../../src/papers/feed.js';
import { createHfClient, type HfClient } from '../../src/upstream/hf/client.js';
import type { Logger } from '../../src/ports/logger.js';
import { noMetrics, type Metrics } from '../../src/ports/metrics.js';
import type { Paper } from '../../src/model.js';
import { observeBackend } from '../../src/store/observed-backend.js';
import { createStores, openBackend, type Backend, type Stores } from '../../src/store/index.js';
import { createTaste, createTasteCaches, type Taste } from '../../src/taste/service.js';

/**
 * The papers and the store, without any platform: what the CLI's `digest`, `search` and `top`
 * use, and what the bot (`bot.ts`) builds on.
 */
export interface Services {
  config: Config;
  logger: Logger;
  /** What is counted (`noMetrics` outside a running bot). */
  metrics: Metrics;
  clock: Clock;
  /** The store, each operation bounded for background work; counted when metrics are given. */
  backend: Backend;
  stores: Stores;
  feed: Feed;
  /** Each team's taste: its order of a day (src/taste). */
  taste: Taste;
  hf: HfClient;
  arxiv: ArxivClient;
  /** arXiv feeds: the announcements of category sets (fetched once each, shared), and what a feed's day posts. */
  arxivFeeds: ArxivFeeds;
  /**
   * The same stores and feed (its caches, index and requests in flight), with every store call
   * bounded by `timeoutMs`: an interactive command's, which must answer within the platforms' 3 s.
   */
  bounded(timeoutMs: number): { stores: Stores; feed: Feed; arxivFeeds: ArxivFeeds; taste: Taste };
  close(): Promise<void>;
}

/** arXiv feeds over one set of stores. */
export interface ArxivFeeds {
  announcements: Announcements;
  days: DaySource;
}

/** Side effects a test or benchmark may replace. */
export interface ServicesDeps {
  logger: Logger;
  /** Counted when given: store errors, HF and arXiv requests. */
  metrics?: Metrics;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
  /** Store namespace (tests share a Redis or PostgreSQL server). */
  namespace?: string;
  arxivMinIntervalMs?: number;
  /** An already open backend (tests restarting a bot on the same store); opened from `STORE_URL` otherwise. */
  backend?: Backend;
  /** Told when the feed fetched a day that had a list again: its papers before and after (live cards compare). */
  onPapersRefreshed?: (before: readonly Paper[], after: readonly Paper[]) => void;
}

/** Opens the store and builds the clients and the feed on it. */
export async function openServices(config: Config, deps: ServicesDeps): Promise<Services> {
  const { logger } = deps;
  const clock = deps.clock ?? systemClock;
  const metrics = deps.metrics ?? noMetrics;
  const opened =
    deps.backend ??
    (await openBackend(config.storeUrl, {
      namespace: deps.namespace,
      logger,
      clock,
      searchIndexPath: config.searchIndexPath,
    }));
  const backend = deps.metrics ? observeBackend(opened, metrics) : opened;
  const hf = createHfClient({
    baseUrl: config.hfApiUrl,
    token: config.hfToken,
    logger,
    fetch: deps.fetch,
    observe: (status, ms) => metrics.upstream('hf', status, ms),
  });
  // One lane for every request to arXiv, the export API and the RSS listings alike (its terms count both).
  const lane = createSpacedLane(deps.arxivMinIntervalMs ?? 3000, clock);
  const observeArxiv = (status: string, ms: number) => metrics.upstream('arxiv', status, ms);
  const arxiv = createArxivClient({
    apiUrl: config.arxivApiUrl,
    fetch: deps.fetch,
    lane,
    clock,
    observe: observeArxiv,
  });
  const listings = createArxivListings({
    rssUrl: config.arxivRssUrl,
    fetch: deps.fetch,
    lane,
    clock,
    observe: observeArxiv,
  });
  const caches = createFeedCaches();
  const announcementCaches = createAnnouncementCaches();
  const tasteCaches = createTasteCaches();
  const onRefresh = deps.onPapersRefreshed;
  const over = (on: Backend) => {
    const stores = createStores(on, clock);
    const announcements = createAnnouncements({
      source: listings,
      store: stores.arxiv,
      papers: stores.papers,
      clock,
      logger,
      caches: announcementCaches,
      ...(onRefresh ? { onReplaced: onRefresh } : {}),
    });
    const arxivFeeds: ArxivFeeds = { announcements, days: createArxivDays({ announcements, stores }) };
    const feed = createFeed({
      hf,
      arxiv,
      papers: stores.papers,
      clock,
      logger,
      caches,
      ...(onRefresh ? { onRefresh: (_day: string, before, after) => onRefresh(before, after) } : {}),
    });
    const taste = createTaste({ stores, clock, logger, caches: tasteCaches });
    return { stores, feed, arxivFeeds, taste };
  };
  const { stores, feed, arxivFeeds, taste } = over(backend);
  return {
    config,
    logger,
    metrics,
    clock,
    backend,
    stores,
    feed,
    taste,
    hf,
    arxiv,
    arxivFeeds,
    bounded: (timeoutMs) => over(backend.withTimeout(timeoutMs)),
    close: () => backend.close(),
  };
}
