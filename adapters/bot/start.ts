import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Io } from '../cli/io.js';
import { createCore, type Core, type CoreDeps } from './core.js';
import { createHealth, storeCheck, serveHealth, type Health } from './http-health.js';
import { createMetrics, type PromMetrics } from './prom-metrics.js';
import { startScheduler } from './cron.js';
import { explainStartError } from './start-errors.js';
import type { Delivery } from '../../src/delivery/delivery.js';
import type { ChannelRef, Platform } from '../../src/model.js';

/** A running part of the bot, stopped in reverse start order. */
interface Running {
  name: string;
  stop(): Promise<void>;
}

/** The started bot: its health (served on `port`) and how to stop it. */
export interface RunningBot {
  health: Health;
  /** This bot's own registry, served on `GET /metrics`. */
  metrics: PromMetrics;
  /** The port serving `/livez`, `/readyz`, `/healthz` and `/metrics` (`PORT`, or the one picked for PORT=0). */
  port: number;
  /** What runs, in start order (health, discord, slack-http, scheduler, …). */
  names: string[];
  stop(): Promise<void>;
}

/** Composition root of the running bot: the core, each configured platform, and shutdown on SIGINT/SIGTERM. */
export async function startBot(config: Config, logger: Logger, io: Io): Promise<number> {
  if (!config.discord && !config.slack) {
    io.err(
      'paperfeed: no platform configured.\n' +
        'Set DISCORD_TOKEN (Discord) or SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (Slack) in the environment or .env; see README.md.',
    );
    return 2;
  }
  const bot = await launchBot(config, logger);
  logger.info('paperfeed running', { parts: bot.names, port: bot.port });
  // The plain line is for a person at a terminal; a service's stderr gets the JSON line above only.
  if (io.isTTY) io.err(`paperfeed: running (${bot.names.join(', ')}). Press Ctrl+C to stop.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  logger.info('shutting down');
  await bot.stop();
  return 0;
}

/**
 * Starts the core, health, each configured platform and the scheduler. Any failure closes what
 * was opened and rethrows, as a `ConfigError` naming the variable when an operator can fix it.
 */
export async function launchBot(
  config: Config,
  logger: Logger,
  deps: Omit<CoreDeps, 'logger'> = {},
): Promise<RunningBot> {
  const metrics = createMetrics();
  const core = await createCore(config, { ...deps, logger, metrics });
  metrics.watchSubscriptions(() => core.stores.subscriptions.list());
  const running: Running[] = [];
  const health = createHealth({
    expect: ['store', ...(config.discord ? ['discord'] : []), ...(config.slack ? ['slack'] : [])],
    metrics,
  });
  health.set('store', storeCheck(core.stores.backend));
  let port = config.port;
  try {
    if (!config.slack || config.slack.appToken) {
      // No Slack HTTP receiver will own PORT: serve health on it alone, answering 503 until ready.
      const server = await serveHealth(health, config.port);
      port = (server.address() as AddressInfo).port;
      running.push({ name: 'health', stop: () => new Promise<void>((r) => server.close(() => r())) });
    }
    const deliveries = new Map<Platform, Delivery>();
    const serves = new Map<Platform, (channel: ChannelRef) => boolean>();
    const server = await startPlatforms(core, randomUUID(), health, { deliveries, serves }, running);
    if (server) port = (server.address() as AddressInfo).port;
    // Started last so it stops first: posts in flight land and are recorded before clients close.
    const scheduler = startScheduler({ core, deliveries, serves: (c) => serves.get(c.platform)?.(c) ?? true });
    running.push({ name: 'scheduler', stop: scheduler.stop });
    health.ready = true;
  } catch (error) {
    await stopAll(running, core, logger);
    throw explainStartError(error, config);
  }
  // Ready does not wait for the local search index (seconds for tens of thousands of papers):
  // until it is built, search answers from Hugging Face and the papers learnt since the start.
  const stopWarming = new AbortController();
  const warming = warmIndex(core, stopWarming.signal);
  const stop = async () => {
    health.stopping = true;
    stopWarming.abort();
    await stopAll(running, core, logger, warming);
  };
  return { health, metrics, port, names: running.map((r) => r.name), stop };
}

/** Builds the local search index in the background; a failure only costs offline search results. */
async function warmIndex(core: Core, signal: AbortSignal): Promise<void> {
  const started = Date.now();
  try {
    const papers = await core.feed.warm(signal);
    if (signal.aborted) return;
    core.logger.info('search index ready', { papers, ms: Date.now() - started });
  } catch (error) {
    core.logger.warn('search index not built; search answers from Hugging Face only', { error });
  }
}

/** Starts each configured platform, adding it to `running` as soon as it runs; returns Slack's HTTP server if any. */
async function startPlatforms(
  core: Core,
  owner: string,
  health: Health,
  {
    deliveries,
    serves,
  }: { deliveries: Map<Platform, Delivery>; serves: Map<Platform, (channel: ChannelRef) => boolean> },
  running: Running[],
): Promise<Server | undefined> {
  const { discord, slack, port } = core.config;
  // Each SDK is imported only when configured: discord.js takes about 0.6 s to load, Bolt 0.3 s.
  if (discord) {
    const { startDiscord } = await import('../discord/index.js');
    const adapter = await startDiscord(core, { ...discord, owner });
    running.push({ name: 'discord', stop: adapter.stop });
    health.set('discord', adapter.assertConnected);
    deliveries.set('discord', adapter.delivery);
    serves.set('discord', adapter.serves); // a sharded bot's process schedules its own shards' guilds
  }
  if (!slack) return undefined;
  const { startSlack } = await import('../slack/index.js');
  const adapter = await startSlack(core, { ...slack, port, health, owner });
  running.push({ name: slack.appToken ? 'slack-socket' : 'slack-http', stop: adapter.stop });
  health.set('slack', adapter.assertConnected);
  deliveries.set('slack', adapter.delivery);
  return adapter.server;
}

async function stopAll(running: Running[], core: Core, logger: Logger, warming?: Promise<void>): Promise<void> {
  for (const r of running.splice(0).reverse())
    await r.stop().catch((error: unknown) => logger.warn('stop failed', { adapter: r.name, error }));
  await warming; // reads the store: let it finish before the store closes
  await core.close();
}
