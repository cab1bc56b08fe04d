import { randomUUID } from 'node:crypto';
import type { Config } from '../src/config.js';
import type { Logger } from '../src/logger.js';
import type { Io } from './cli/main.js';
import { createCore, type Core } from './core.js';
import { startDiscord } from './discord/index.js';
import { createHealth, serveHealth, type Health } from './health.js';
import { startScheduler } from './scheduler.js';
import { startSlack } from './slack/index.js';
import type { Delivery } from '../src/delivery.js';
import type { Platform } from '../src/model.js';

/** A running platform adapter. */
interface Running {
  name: string;
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
  const core = await createCore(config, { logger });
  const running: Running[] = [];
  const health = createHealth();
  health.store = () => core.stores.backend.ping();
  try {
    if (!config.slack || config.slack.appToken) {
      // No Slack HTTP receiver will own PORT: serve /healthz on it alone, answering 503 until ready.
      const server = await serveHealth(health, config.port);
      running.push({ name: 'health', stop: () => new Promise<void>((r) => server.close(() => r())) });
    }
    const indexed = await core.feed.warm();
    logger.info('search index ready', { papers: indexed });
    const deliveries = new Map<Platform, Delivery>();
    running.push(...(await startPlatforms(core, randomUUID(), health, deliveries)));
    health.ready = true;
    health.platforms = running.map((r) => r.name).filter((n) => n !== 'health');
    // Started last so it stops first: posts in flight land and are recorded before clients close.
    const scheduler = startScheduler({ core, deliveries });
    running.push({ name: 'scheduler', stop: scheduler.stop });
  } catch (error) {
    await stopAll(running, core, logger);
    throw error;
  }
  io.err(`paperfeed: running (${running.map((r) => r.name).join(', ')}). Press Ctrl+C to stop.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  logger.info('shutting down');
  health.ready = false;
  await stopAll(running, core, logger);
  return 0;
}

async function startPlatforms(core: Core, owner: string, health: Health, deliveries: Map<Platform, Delivery>): Promise<Running[]> {
  const out: Running[] = [];
  const { discord, slack, port } = core.config;
  if (discord) {
    const adapter = await startDiscord(core, { token: discord.token, apiUrl: discord.apiUrl, guildId: discord.guildId, owner });
    out.push({ name: 'discord', stop: adapter.stop });
    deliveries.set('discord', adapter.delivery);
  }
  if (slack) {
    const adapter = await startSlack(core, { ...slack, port, health, owner });
    out.push({ name: slack.appToken ? 'slack-socket' : 'slack-http', stop: adapter.stop });
    deliveries.set('slack', adapter.delivery);
  }
  return out;
}

async function stopAll(running: Running[], core: Core, logger: Logger): Promise<void> {
  for (const r of running.reverse()) await r.stop().catch((error: unknown) => logger.warn('stop failed', { adapter: r.name, error }));
  await core.close();
}
