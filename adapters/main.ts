import type { Config } from '../src/config.js';
import type { Logger } from '../src/logger.js';
import type { Io } from './cli/main.js';

/** Composition root of the running bot. Resolves to the exit code once it has shut down. */
export async function startBot(config: Config, logger: Logger, io: Io): Promise<number> {
  if (!config.discord && !config.slack) {
    io.err(
      'paperfeed: no platform configured.\n' +
        'Set DISCORD_TOKEN (Discord) or SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (Slack) in the environment or .env; see README.md.',
    );
    return 2;
  }
  logger.info('starting', { discord: Boolean(config.discord), slack: Boolean(config.slack) });
  io.err('paperfeed: platform adapters are not available in this build.');
  return 1;
}
