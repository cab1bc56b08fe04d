import { DiscordAPIError, DiscordjsErrorCodes } from 'discord.js';
import type { Config } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

/** Discord JSON error codes met while starting: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
const UNKNOWN_GUILD = 10004;
const MISSING_ACCESS = 50001;

/**
 * Turns a failure while starting into a `ConfigError` whose one line names the variable to fix,
 * when the failure is one an operator causes (a busy port, a guild the bot is not in, a rejected
 * token); any other error is returned unchanged.
 */
export function explainStartError(error: unknown, config: Config): unknown {
  if (error instanceof ConfigError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new ConfigError(
      `PORT ${config.port} is already in use; stop what is listening there or set PORT to a free port`,
    );
  }
  if (code === 'EACCES' && (error as { syscall?: unknown }).syscall === 'listen') {
    return new ConfigError(`PORT ${config.port} needs privileges this user lacks; set PORT to 1024 or above`);
  }
  const guildId = config.discord?.guildId;
  if (error instanceof DiscordAPIError && guildId && error.url.includes(`/guilds/${guildId}/`)) {
    if (error.code === UNKNOWN_GUILD) {
      return new ConfigError(
        `DISCORD_GUILD_ID: the bot is not in guild ${guildId}; invite it to that server (see README) or fix the id`,
      );
    }
    if (error.code === MISSING_ACCESS) {
      return new ConfigError(
        `DISCORD_GUILD_ID: the bot may not add commands in guild ${guildId}; re-invite it with the applications.commands scope`,
      );
    }
  }
  if (code === DiscordjsErrorCodes.TokenInvalid || (error instanceof DiscordAPIError && error.status === 401)) {
    return new ConfigError(
      'DISCORD_TOKEN: Discord rejected the token; copy it again from the Developer Portal (Bot → Reset Token)',
    );
  }
  return error;
}
