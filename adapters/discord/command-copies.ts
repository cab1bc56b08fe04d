import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { Backend } from '../../src/store/index.js';
import { DISCORD_COMMAND_GUILDS_MAP } from '../../src/store/keys.js';
import type { Logger } from '../../src/ports/logger.js';

/**
 * Guild copies of `/papers`. Discord lists a guild command next to a global one of the same name,
 * so a server once used for trying the bot out (`DISCORD_GUILD_ID`) shows `/papers` twice after a
 * switch to global registration, until the guild copy is deleted.
 * https://discord.com/developers/docs/interactions/application-commands#registering-a-command
 */

/** Store map of the servers this bot registered `/papers` in (field: guild id, value: when, ISO). */
/** Above this many servers a start does not look through all of them (one request each). */
export const SWEEP_LIMIT = 100;

const UNKNOWN_GUILD = 10004;
const MISSING_ACCESS = 50001;

interface CommandSummary {
  id: string;
  name: string;
}

/** Deletes the guild copy of `name` in each server; returns the servers it was removed from. */
export async function removeGuildCopies(
  rest: REST,
  applicationId: string,
  guildIds: Iterable<string>,
  name = 'papers',
): Promise<string[]> {
  const cleaned: string[] = [];
  for (const guildId of new Set(guildIds)) {
    try {
      const list = (await rest.get(Routes.applicationGuildCommands(applicationId, guildId))) as CommandSummary[];
      const copy = list.find((c) => c.name === name);
      if (!copy) continue;
      await rest.delete(Routes.applicationGuildCommand(applicationId, guildId, copy.id));
      cleaned.push(guildId);
    } catch (error) {
      // Left the server, or was invited without applications.commands: it has no copy we can see.
      if (error instanceof DiscordAPIError && (error.code === UNKNOWN_GUILD || error.code === MISSING_ACCESS)) continue;
      throw error;
    }
  }
  return cleaned;
}

export const rememberGuildRegistration = (backend: Backend, guildId: string, now: number): Promise<void> =>
  backend.mapSet(DISCORD_COMMAND_GUILDS_MAP, guildId, new Date(now).toISOString());

/**
 * After a global registration: removes `/papers` from the servers this bot registered it in
 * before (remembered in the store), and, when the global command was just created or changed
 * (the moment of a switch), from every server the bot is in, up to `SWEEP_LIMIT`.
 */
export async function removeStaleGuildCopies(opts: {
  rest: REST;
  applicationId: string;
  backend: Backend;
  guildIds: readonly string[];
  globalChanged: boolean;
  logger: Logger;
}): Promise<string[]> {
  const { rest, applicationId, backend, guildIds, globalChanged, logger } = opts;
  const remembered = [...(await backend.mapEntries(DISCORD_COMMAND_GUILDS_MAP)).keys()];
  const sweepAll = globalChanged && guildIds.length <= SWEEP_LIMIT;
  if (globalChanged && !sweepAll) {
    logger.warn(
      'discord: too many servers to look for guild copies of /papers; remove one with `paperfeed deploy-commands --guild ID --clear-guild`',
      {
        guilds: guildIds.length,
      },
    );
  }
  const cleaned = await removeGuildCopies(rest, applicationId, [...remembered, ...(sweepAll ? guildIds : [])]);
  for (const guildId of remembered) await backend.mapDelete(DISCORD_COMMAND_GUILDS_MAP, guildId);
  if (cleaned.length) logger.info('discord: removed guild copies of /papers (now global)', { guilds: cleaned });
  return cleaned;
}
