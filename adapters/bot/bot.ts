import { randomUUID } from 'node:crypto';
import type { Config } from '../../src/config.js';
import { createDelivery, type Delivery } from '../../src/delivery/delivery.js';
import { observePoster } from '../../src/delivery/observed-poster.js';
import { createLiveCards, noLiveCards, type LiveCardOptions, type LiveCards } from '../../src/live-cards/service.js';
import type { ChannelRef, Platform } from '../../src/model.js';
import type { Feed } from '../../src/papers/feed.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import { INTERACTIVE_STORE_TIMEOUT_MS } from '../../src/store/guard.js';
import { createStores, type Stores } from '../../src/store/index.js';
import { addDays } from '../../src/time/dates.js';
import { createVoteIntake, type VoteIntake, type VoteIntakeOptions } from '../../src/votes/vote-intake.js';
import { commandHandlers } from './command-context.js';
import { startScheduler, type SchedulerOptions } from './cron.js';
import { createHealth, serveHealth, storeCheck, type Health } from './http-health.js';
import { createLifecycle, portOf, serverPart, warmIndex } from './lifecycle.js';
import type { RunningPlatform } from './platform.js';
import { createPlatforms, type Adapters, type PlatformOptions } from './platforms.js';
import { createMetrics, SCRAPE_STORE_TIMEOUT_MS, type MetricsOptions, type PromMetrics } from './prom-metrics.js';
import { openServices, type ServicesDeps } from './services.js';
import { explainStartError } from './start-errors.js';

/** The running bot: its parts (tests and benchmarks reach in), its health, and how to stop it. */
export interface RunningBot {
  config: Config;
  logger: Logger;
  clock: Clock;
  stores: Stores;
  feed: Feed;
  liveCards: LiveCards;
  votes: VoteIntake;
  /** Each started platform's delivery, as the scheduler posts with it. */
  deliveries: ReadonlyMap<Platform, Delivery>;
  /** The platform adapters (tests look at the Discord client). */
  adapters: Adapters;
  /** Each started platform: its readiness, what it schedules, how it stops. */
  platforms: ReadonlyMap<Platform, RunningPlatform>;
  health: Health;
  /** This bot's own registry, served on `GET /metrics`. */
  metrics: PromMetrics;
  /** The port serving `/livez`, `/readyz`, `/healthz` and `/metrics` (`PORT`, or the one picked for PORT=0). */
  port: number;
  /** What runs, in start order (health, discord, slack-http, scheduler, …). */
  names: string[];
  stop(): Promise<void>;
}

/** What a test or benchmark may replace or tune; production passes nothing. */
export interface BotDeps extends Omit<ServicesDeps, 'logger' | 'metrics' | 'onPapersRefreshed'> {
  /** Live-card timings; the throttle defaults to `LIVE_CARDS`. */
  liveCards?: LiveCardOptions;
  /** The vote queue's bound and retry pace. */
  votes?: VoteIntakeOptions;
  /** How the scheduler starts; `false`: not at all (a test starts its own on `deliveries`). */
  scheduler?: false | Pick<SchedulerOptions, 'cron' | 'tickOnStart' | 'drainMs' | 'concurrency'>;
  /** Adapter options over what the config says. */
  platforms?: PlatformOptions;
  metrics?: MetricsOptions;
}

/**
 * The composition root: builds the bot once (store, feed, live cards, votes, a delivery per
 * platform, the command handlers, the scheduler, health and metrics) and starts it. A failure
 * closes what was opened and rethrows, as a `ConfigError` naming the variable when an operator can fix it.
 */
export async function launchBot(config: Config, logger: Logger, deps: BotDeps = {}): Promise<RunningBot> {
  const metrics = createMetrics({ clock: deps.clock, ...deps.metrics });
  // The feed tells live cards what a refetch changed (called only after the start); live cards ask it for refetches.
  const services = await openServices(config, {
    ...deps,
    logger,
    metrics,
    onPapersRefreshed: (before, after) => liveCards.papersRefreshed(before, after),
  });
  const { clock, backend, stores, feed } = services;
  const liveCards = config.liveCards
    ? createLiveCards({
        stores,
        clock,
        logger,
        refresh: () => refreshLastWeek(feed),
        options: { throttleMs: config.liveCards.throttleMs, ...deps.liveCards },
      })
    : noLiveCards;
  const votes = createVoteIntake({ stores, logger, metrics, clock, onVoteChange: liveCards.votesChanged }, deps.votes);
  // Commands answer inside the platforms' 3-second windows: their store calls get a command's bound.
  const interactive = services.bounded(INTERACTIVE_STORE_TIMEOUT_MS);
  metrics.watchSubscriptions(createStores(backend.withTimeout(SCRAPE_STORE_TIMEOUT_MS), clock).subscriptions.list);
  const health = createHealth({ expect: ['store', ...platformsOf(config)], metrics, clock });
  health.set('store', storeCheck(backend));
  const parts = createLifecycle(logger);
  const closeAll = async (warming?: Promise<void>) => {
    await parts.stopAll();
    await warming; // reads the store: let it finish before the store closes
    votes.stop();
    liveCards.stop();
    if (!deps.backend) await services.close(); // a backend passed in is its owner's to close
  };
  let port = config.port;
  const deliveries = new Map<Platform, Delivery>();
  const platforms = new Map<Platform, RunningPlatform>();
  let adapters: Adapters = { list: [] };
  try {
    // Without a Slack HTTP receiver to share PORT with, health serves it alone, answering 503 until ready.
    if (!config.slack || config.slack.appToken)
      port = portOf(
        (await parts.start('health', async () => serverPart(await serveHealth(health, config.port)))).server,
      );
    const platformDeps = { logger, clock, metrics, stores, voteEmoji: config.voteEmoji };
    adapters = await createPlatforms(config, platformDeps, health, deps.platforms);
    const commandDeliveries = new Map<Platform, Delivery>();
    const owner = randomUUID(); // this process, as the owner of delivery leases
    for (const { platform, poster: own, editPace } of adapters.list) {
      // The platform's poster, counted (metrics, the post log); live cards attach their edit lane to
      // it and give back the poster to post with: posts go straight through and hold edits back.
      const poster = liveCards.attach(platform, observePoster(own, platform, { metrics, logger, clock }), editPace);
      const base = { clock, logger, poster, owner, voteEmoji: config.voteEmoji };
      deliveries.set(platform, createDelivery({ ...base, feed, stores }));
      commandDeliveries.set(platform, createDelivery({ ...base, ...interactive }));
    }
    const commandServices = { ...interactive, clock, logger, metrics, deliveries: commandDeliveries };
    for (const adapter of adapters.list) {
      const handlers = { commands: commandHandlers(commandServices, adapter.terms), votes };
      const started = await parts.start(adapter.name, () => adapter.start(handlers));
      health.set(adapter.platform, started.assertConnected);
      platforms.set(adapter.platform, started);
      if (started.server) port = portOf(started.server);
    }
    // Started last so it stops first: posts in flight land and are recorded before clients close.
    if (deps.scheduler !== false) {
      const serves = (channel: ChannelRef) => platforms.get(channel.platform)?.serves(channel) ?? true;
      const options = { ...deps.scheduler, stores, clock, logger, deliveries, serves };
      await parts.start('scheduler', async () => startScheduler(options));
    }
    health.ready = true;
  } catch (error) {
    await closeAll();
    throw explainStartError(error, config);
  }
  // Ready does not wait for the local search index.
  const warming = warmIndex(feed, logger, clock);
  const stop = async () => {
    health.stopping = true;
    warming.abort();
    await closeAll(warming.done);
  };
  const names = parts.names();
  const parts_ = { config, logger, clock, stores, feed, liveCards, votes, deliveries, adapters, platforms };
  return { ...parts_, health, metrics, port, names, stop };
}

/** Upvotes and links keep moving after a day is final: live cards have the last week fetched again now and then. */
async function refreshLastWeek(feed: Feed): Promise<void> {
  for (let back = 0; back <= 7; back++) await feed.refresh(addDays(feed.today(), -back));
}

/** The platforms the config sets up, as health expects them. */
const platformsOf = (config: Config): Platform[] => [
  ...(config.discord ? (['discord'] as const) : []),
  ...(config.slack ? (['slack'] as const) : []),
];
