import { parseArgs } from 'node:util';
// A static import: main.ts loads this file only for `deploy-commands`, so other commands never pay
// for discord.js. A dynamic `import('discord.js')` would leave the bundle only the CommonJS
// module's default export, without REST (scripts/build.js refuses such an import).
import { DiscordAPIError, REST, Routes } from 'discord.js';
import { definitions } from '../../commands/index.js';
import type { Config } from '../../src/config.js';
import { ConfigError, UserError } from '../../src/errors.js';
import type { Io } from './io.js';

const GUILD_ID = /^\d{15,21}$/;
const UNKNOWN_GUILD = 10004;
const MISSING_ACCESS = 50001;

/**
 * `paperfeed deploy-commands [--guild ID] [--clear-guild]`, as the discord.js guide's deploy
 * script does it: one REST PUT of the command list to the application's global commands, or to
 * one server's (`--guild`, else `DISCORD_GUILD_ID`: where `start` registers). `--clear-guild`
 * PUTs an empty list to that server's commands. A global deploy also deletes the guild copies of
 * `/papers` in the servers the bot is in, so none lists it twice.
 * https://discordjs.guide/creating-your-bot/command-deployment.html
 */
export async function deployCommands(args: string[], config: Config, io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { guild: { type: 'string' }, 'clear-guild': { type: 'boolean' } },
    strict: true,
  });
  if (!config.discord) throw new ConfigError('DISCORD_TOKEN: required by deploy-commands');
  if (values.guild !== undefined && !GUILD_ID.test(values.guild))
    throw new UserError('--guild must be a numeric server id');
  const guildId = values.guild ?? config.discord.guildId;
  if (values['clear-guild'] && !guildId) throw new UserError('--clear-guild needs --guild ID (or DISCORD_GUILD_ID)');

  const { papersCommand } = await import('../discord/commands.js');
  const { removeGuildCopies } = await import('../discord/command-copies.js');
  const rest = new REST({ api: config.discord.apiUrl, timeout: 15_000 }).setToken(config.discord.token);
  try {
    const app = (await rest.get(Routes.currentApplication())) as { id: string };
    if (guildId && values['clear-guild']) {
      const before = (await rest.get(Routes.applicationGuildCommands(app.id, guildId))) as unknown[];
      await rest.put(Routes.applicationGuildCommands(app.id, guildId), { body: [] });
      io.out(`✓ removed ${before.length} command${before.length === 1 ? '' : 's'} from server ${guildId}`);
      return 0;
    }
    const body = [papersCommand(definitions())];
    if (guildId) {
      await rest.put(Routes.applicationGuildCommands(app.id, guildId), { body });
      io.out(`✓ /papers registered in server ${guildId} (shows there at once)`);
      const global = (await rest.get(Routes.applicationCommands(app.id))) as { name: string }[];
      if (global.some((c) => c.name === 'papers')) {
        io.err(
          `note: /papers is also registered globally, so server ${guildId} lists it twice; remove the server copy with --guild ${guildId} --clear-guild`,
        );
      }
      return 0;
    }
    await rest.put(Routes.applicationCommands(app.id), { body });
    io.out('✓ /papers registered globally (every server the bot is in)');
    const guilds = (await rest.get(Routes.userGuilds(), { query: new URLSearchParams({ limit: '200' }) })) as {
      id: string;
    }[];
    const cleaned = await removeGuildCopies(
      rest,
      app.id,
      guilds.map((g) => g.id),
    );
    if (cleaned.length) io.out(`✓ removed the server copy of /papers from ${cleaned.join(', ')}, so it is listed once`);
    return 0;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new ConfigError(
        'DISCORD_TOKEN: Discord rejected the token; copy it again from the Developer Portal (Bot → Reset Token)',
      );
    }
    if (
      error instanceof DiscordAPIError &&
      guildId &&
      (error.code === UNKNOWN_GUILD || error.code === MISSING_ACCESS)
    ) {
      throw new UserError(
        `the bot ${error.code === UNKNOWN_GUILD ? 'is not in' : 'may not add commands in'} server ${guildId}; invite it with the link \`paperfeed doctor\` prints (scopes bot and applications.commands)`,
      );
    }
    throw error;
  }
}
