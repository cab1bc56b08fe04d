import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type ApplicationCommandData,
  type Client,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDef, OptionDef } from '../../commands/types.js';
import type { Logger } from '../../src/ports/logger.js';

/** `/papers` with one subcommand per definition: derived, so Discord and Slack cannot drift apart. */
export function papersCommand(defs: readonly CommandDef[]): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    name: 'papers',
    description: 'Research papers from Hugging Face Daily Papers',
    // Server channels and the bot's own DM with a person (0 = GUILD, 1 = BOT_DM); installed to servers (0 = GUILD_INSTALL).
    contexts: [0, 1],
    integration_types: [0],
    options: defs.map((d) => ({
      type: ApplicationCommandOptionType.Subcommand,
      name: d.name,
      description: d.description.slice(0, 100),
      options: [...d.options].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required))).map(option),
    })),
  };
}

function option(o: OptionDef): APIApplicationCommandBasicOption {
  const base = { name: o.name, description: o.description.slice(0, 100), required: Boolean(o.required) };
  if (o.type === 'integer') {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer as const,
      ...(o.min !== undefined ? { min_value: o.min } : {}),
      ...(o.max !== undefined ? { max_value: o.max } : {}),
    };
  }
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(o.minLength !== undefined ? { min_length: o.minLength } : {}),
    ...(o.maxLength !== undefined ? { max_length: o.maxLength } : {}),
    ...(o.choices ? { choices: o.choices.map((c) => ({ name: c, value: c })) } : {}),
    ...(o.autocomplete && !o.choices ? { autocomplete: true } : {}),
  } as APIApplicationCommandBasicOption;
}

/**
 * Registers `/papers` in one server (instant) or globally, and skips the call when Discord already
 * has exactly this command, so restarts do not churn command versions.
 */
export async function registerCommands(
  client: Client<true>,
  defs: readonly CommandDef[],
  guildId: string | undefined,
  logger: Logger,
): Promise<'registered' | 'unchanged'> {
  const body = papersCommand(defs);
  const manager = client.application.commands;
  const existing = guildId ? await manager.fetch({ guildId }) : await manager.fetch();
  const current = existing.find((c) => c.name === body.name);
  // discord.js compares both the API (snake_case) and its own (camelCase) forms.
  if (existing.size === 1 && current?.equals(body as unknown as ApplicationCommandData, true)) {
    logger.info('discord commands unchanged', { scope: guildId ?? 'global' });
    return 'unchanged';
  }
  await (guildId ? manager.set([body], guildId) : manager.set([body]));
  logger.info('discord commands registered', { scope: guildId ?? 'global' });
  return 'registered';
}
