import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Io } from '../cli/io.js';
import { launchBot } from './bot.js';

/** `paperfeed start`: runs the bot (built in bot.ts) until SIGINT or SIGTERM. */
export async function startBot(config: Config, logger: Logger, io: Io): Promise<number> {
  if (!config.discord && !config.slack) {
    io.err(
      'paperfeed: no platform configured.\n' +
        'Set DISCORD_TOKEN (Discord), or SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Slack in Socket Mode: no public URL) or with SLACK_SIGNING_SECRET (Slack over HTTP), in the environment or .env; see README.md.',
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
