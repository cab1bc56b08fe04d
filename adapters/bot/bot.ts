import { randomUUID } from 'node:crypto';
import type { Config } from '../../src/config.js';
import { createClaimIntake } from '../../src/club/claims.js';
import { createClubRunner, type ClubRunner } from '../../src/club/runner.js';
import type { ChannelPoster } from '../../src/delivery/channel-poster.js';
import { createDelivery, type Delivery } from '../../src/delivery/delivery.js';
import { observePoster } from '../../src/delivery/observed-poster.js';
import { createLiveCards, noLiveCards, type LiveCardOptions, type LiveCards } from '../../src/live-cards/service.js';
import type { ChannelRef, Platform } from '../../src/model.js';
import type { Feed } from '../../src/papers/feed.js';
import type { TeamRanking } from '../../src/papers/team-ranking.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import { INTERACTIVE_STORE_TIMEOUT_MS } from '../../src/store/guard.js';
import { createStores, type Stores } from '../../src/store/index.js';
import { addDays } from '../../src/time/dates.js';
import { createVoteIntake, type VoteIntake, type VoteIntakeOptions } from '../../src/votes/vote-intake.js';
import { commandHandlers, type CommandServices } from './command-context.js';
import { startScheduler, type SchedulerOptions } from './cron.js';
import { createHealth, serveHealth, storeCheck, type Health } from './http-health.js';
import { createLifecycle, portOf, serverPart, warmIndex } from './lifecycle.js';
import type { RunningPlatform } from './platform.js';
import { createPlatforms, type Adapters, type PlatformOptions } from './platforms.js';
import { createMetrics, SCRAPE_STORE_TIMEOUT_MS, type MetricsOptions, type PromMetrics } from './prom-metrics.js';
import { openServices, type Services, type ServicesDeps } from './services.js';
import { explainStartError } from './start-errors.js';

/*
 * How the bot is put together, in start order:
 *
 *   services    the store (bounded for background work), HF and arXiv clients, the feed (services.ts)
 *   live cards  edit posted cards when votes, upvotes or links change
 *   votes       the vote queue every platform's reactions go into
 *   commands    the same stores and feed with a command's 2 s store bound, for the 3 s windows
 *   health      /livez, /readyz, /healthz, /metrics, on PORT (shared with Slack's HTTP receiver)
 *   platforms   one adapter per configured platform; per platform, its poster, counted, with live
 *               cards' edit lane attached, and two deliveries on it (the scheduler's, `/papers digest`'s)
 *   club        the reading club: 📖 claims (a queue like the votes'), its thread answers, agendas and reminders
 *   start       each platform, given its command handlers, the vote queue and the claim queue
 *   scheduler   the daily posts, on the platforms' deliveries, and the club's minute (cron.ts); started last, stopped first
 */

/** The running bot: its parts (tests and benchmarks reach in), its health, and how to stop it. */
export interface RunningBot {
  config: Config;
  logger: Logger;
  clock: Clock;
  stores: Stores;
  feed: Feed;
  liveCards: LiveCards;
  votes: VoteIntake;
  /** The reading club: where 📖 reactions go, and its scheduled work (tests tick it by hand). */
  club: { claims: VoteIntake; runner: ClubRunner };
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
  /** How a person's own feed (their DM) orders a day for them; default Hugging Face's upvote order. */
  ranking?: TeamRanking;
}

/** The bot before any platform: built once, shared by every platform. */
interface Parts {
  services: Services;
  metrics: PromMetrics;
  liveCards: LiveCards;
  votes: VoteIntake;
  /** The stores and feed commands use: each store call bounded by INTERACTIVE_STORE_TIMEOUT_MS. */
  commands: Pick<Services, 'stores' | 'feed' | 'arxivFeeds' | 'taste'>;
  health: Health;
}

async function buildParts(config: Config, logger: Logger, deps: BotDeps): Promise<Parts> {
  const metrics = createMetrics({ clock: deps.clock, ...deps.metrics });
  // The feed tells live cards what a refetch changed (only ever after the start); live cards ask it for refetches.
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
  metrics.watchSubscriptions(createStores(backend.withTimeout(SCRAPE_STORE_TIMEOUT_MS), clock).subscriptions.list);
  const health = createHealth({ expect: ['store', ...platformsOf(config)], metrics, clock });
  health.set('store', storeCheck(backend));
  return { services, metrics, liveCards, votes, commands: services.bounded(INTERACTIVE_STORE_TIMEOUT_MS), health };
}

/**
 * Per platform, the poster in layers, each for one thing: the platform's own (its rate limits),
 * counted (metrics, the post log), then given to live cards, which edit through it and hand back
 * the poster to post with (posts go straight through and hold live-card edits back while in
 * flight). Two deliveries post with it: the scheduler's, and `/papers digest`'s with a command's bounds.
 */
function deliveriesOf(adapters: Adapters, parts: Parts, voteEmoji: string, ranking?: TeamRanking) {
  const { services, metrics, liveCards, commands } = parts;
  const { clock, logger, feed, stores, arxivFeeds, taste } = services;
  const scheduled = new Map<Platform, Delivery>();
  const byCommand = new Map<Platform, Delivery>();
  const posters = new Map<Platform, ChannelPoster>();
  const owner = randomUUID(); // this process, as the owner of delivery leases
  for (const { platform, poster: own, editPace } of adapters.list) {
    const counted = observePoster(own, platform, { metrics, logger, clock });
    const poster = liveCards.attach(platform, counted, editPace);
    posters.set(platform, poster);
    scheduled.set(
      platform,
      createDelivery({ clock, logger, poster, owner, voteEmoji, ranking, feed, stores, taste, arxiv: arxivFeeds.days }),
    );
    const { arxivFeeds: commandArxiv, ...commandParts } = commands;
    byCommand.set(
      platform,
      createDelivery({ clock, logger, poster, owner, voteEmoji, ranking, ...commandParts, arxiv: commandArxiv.days }),
    );
  }
  return { scheduled, byCommand, posters, owner };
}

/**
 * The reading club on every platform: 📖 reactions go into a queue of their own, kept like the
 * votes' while the store does not answer (answered in the paper's thread through each platform's
 * club poster; live cards show the readers), and its minute's work (agendas, reminders) runs on
 * the posters the deliveries use, with the scheduler.
 */
function readingClubOf(
  adapters: Adapters,
  parts: Parts,
  delivered: ReturnType<typeof deliveriesOf>,
  serves: (channel: ChannelRef) => boolean,
  deps: BotDeps,
) {
  const { clock, logger, stores } = parts.services;
  const posters = new Map(adapters.list.flatMap((a) => (a.club ? [[a.platform, a.club] as const] : [])));
  const onClaimChange = parts.liveCards.votesChanged;
  const claims = createClaimIntake({ stores, logger, clock, posters, onClaimChange }, deps.votes);
  const readEmoji = new Map(adapters.list.map((a) => [a.platform, a.terms.readEmoji ?? '📖'] as const));
  const { owner } = delivered;
  const runner = createClubRunner({
    stores,
    clock,
    logger,
    owner,
    posters,
    channelPosters: delivered.posters,
    readEmoji,
    serves,
  });
  return { claims, runner, posters };
}

/**
 * The composition root: builds the bot once and starts it, parts in the order above. A failure
 * closes what was opened and rethrows, as a `ConfigError` naming the variable when an operator can fix it.
 */
export async function launchBot(config: Config, logger: Logger, deps: BotDeps = {}): Promise<RunningBot> {
  const parts = await buildParts(config, logger, deps);
  const { services, metrics, liveCards, votes, health } = parts;
  const { clock, stores, feed } = services;
  const lifecycle = createLifecycle(logger);
  let club: ReturnType<typeof readingClubOf> | undefined;
  const closeAll = async (warming?: Promise<void>) => {
    await lifecycle.stopAll();
    await warming; // reads the store: let it finish before the store closes
    votes.stop();
    club?.claims.stop();
    liveCards.stop();
    if (!deps.backend) await services.close(); // a backend passed in is its owner's to close
  };
  const platforms = new Map<Platform, RunningPlatform>();
  try {
    // Without a Slack HTTP receiver to share PORT with, health serves it alone, answering 503 until ready.
    let port = config.port;
    if (!config.slack || config.slack.appToken) {
      const served = await lifecycle.start('health', () => serveHealth(health, config.port).then(serverPart));
      port = portOf(served.server);
    }
    const platformDeps = {
      logger,
      clock,
      metrics,
      stores,
      voteEmoji: config.voteEmoji,
      readEmoji: config.readEmoji,
      downvoteEmoji: config.downvoteEmoji,
    };
    const adapters = await createPlatforms(config, platformDeps, health, deps.platforms);
    const deliveries = deliveriesOf(adapters, parts, config.voteEmoji, deps.ranking);
    const serves = (channel: ChannelRef) => platforms.get(channel.platform)?.serves(channel) ?? true;
    club = readingClubOf(adapters, parts, deliveries, serves, deps);
    const commandServices: CommandServices = {
      ...parts.commands,
      clock,
      logger,
      metrics,
      deliveries: deliveries.byCommand,
      clubPosters: club.posters,
    };
    for (const adapter of adapters.list) {
      const handlers = { commands: commandHandlers(commandServices, adapter.terms), votes, claims: club.claims };
      const started = await lifecycle.start(adapter.name, () => adapter.start(handlers));
      health.set(adapter.platform, started.assertConnected);
      platforms.set(adapter.platform, started);
      if (started.server) port = portOf(started.server);
    }
    if (deps.scheduler !== false) {
      const options = {
        ...deps.scheduler,
        stores,
        clock,
        logger,
        deliveries: deliveries.scheduled,
        serves,
        club: club.runner,
      };
      await lifecycle.start('scheduler', async () => startScheduler(options));
    }
    health.ready = true;
    // Ready does not wait for the local search index.
    const warming = warmIndex(feed, logger, clock);
    const stop = async () => {
      health.stopping = true;
      warming.abort();
      await closeAll(warming.done);
    };
    const clubParts = { claims: club.claims, runner: club.runner };
    const running = { config, logger, clock, stores, feed, liveCards, votes, club: clubParts, adapters, platforms };
    return { ...running, deliveries: deliveries.scheduled, health, metrics, port, names: lifecycle.names(), stop };
  } catch (error) {
    await closeAll();
    throw explainStartError(error, config);
  }
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
