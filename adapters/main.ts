import { randomUUID } from 'node:crypto';
import type { Config } from '../src/config.js';
import type { Logger } from '../src/logger.js';
import type { Io } from './cli/main.js';
import { createCore, type Core } from './core.js';
import { startDiscord } from './discord/index.js';

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
  try {
    const indexed = await core.feed.warm();
    logger.info('search index ready', { papers: indexed });
    running.push(...(await startPlatforms(core, randomUUID())));
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
  await stopAll(running, core, logger);
  return 0;
}

async function startPlatforms(core: Core, owner: string): Promise<Running[]> {
  const out: Running[] = [];
  const { discord } = core.config;
  if (discord) {
    const adapter = await startDiscord(core, { token: discord.token, apiUrl: discord.apiUrl, guildId: discord.guildId, owner });
    out.push({ name: 'discord', stop: adapter.stop });
  }
  return out;
}

async function stopAll(running: Running[], core: Core, logger: Logger): Promise<void> {
  for (const r of running.reverse()) await r.stop().catch((error: unknown) => logger.warn('stop failed', { adapter: r.name, error }));
  await core.close();
}
