import { createArxivClient, type ArxivClient } from '../src/arxiv/client.js';
import { systemClock, type Clock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import { createFeed, type Feed } from '../src/feed.js';
import { createHfClient, type HfClient } from '../src/hf/client.js';
import type { Logger } from '../src/logger.js';
import { createStores, openBackend, type Backend, type Stores } from '../src/store/index.js';

/** The platform-neutral services every entry point (CLI, bot) shares. */
export interface Core {
  config: Config;
  logger: Logger;
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
  const backend = deps.backend ?? (await openBackend(config.storeUrl, { namespace: deps.namespace, logger }));
  const stores = createStores(backend, clock);
  const hf = createHfClient({ baseUrl: config.hfApiUrl, token: config.hfToken, logger, fetch: deps.fetch });
  const arxiv = createArxivClient({ apiUrl: config.arxivApiUrl, fetch: deps.fetch, minIntervalMs: deps.arxivMinIntervalMs });
  const feed = createFeed({ hf, arxiv, papers: stores.papers, clock, logger });
  return { config, logger, clock, stores, feed, hf, arxiv, close: () => backend.close() };
}
