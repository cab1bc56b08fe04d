import { createArxivClient, type ArxivClient } from '../src/arxiv/client.js';
import { systemClock, type Clock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import { createFeed, type Feed } from '../src/feed.js';
import { createHfClient, type HfClient } from '../src/hf/client.js';
import type { Logger } from '../src/logger.js';
import { noMetrics, type Metrics } from '../src/metrics.js';
import { observeBackend } from '../src/observed-backend.js';
import { createStores, openBackend, type Backend, type Stores } from '../src/store/index.js';

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
}

export async function createCore(config: Config, deps: CoreDeps): Promise<Core> {
  const { logger } = deps;
  const clock = deps.clock ?? systemClock;
  const metrics = deps.metrics ?? noMetrics;
  const backend = deps.backend ?? (await openBackend(config.storeUrl, { namespace: deps.namespace, logger }));
  const stores = createStores(deps.metrics ? observeBackend(backend, metrics) : backend, clock);
  const hf = createHfClient({ baseUrl: config.hfApiUrl, token: config.hfToken, logger, fetch: deps.fetch, observe: (status, ms) => metrics.upstream('hf', status, ms) });
  const arxiv = createArxivClient({
    apiUrl: config.arxivApiUrl, fetch: deps.fetch, minIntervalMs: deps.arxivMinIntervalMs, observe: (status, ms) => metrics.upstream('arxiv', status, ms),
  });
  const feed = createFeed({ hf, arxiv, papers: stores.papers, clock, logger });
  return { config, logger, metrics, clock, stores, feed, hf, arxiv, close: () => backend.close() };
}
