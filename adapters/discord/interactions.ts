import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
} from 'discord.js';
import { findCommand } from '../../commands/index.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Reply } from '../../src/model.js';
import type { CommandHandlers, Invocation } from '../bot/command-context.js';
import { dmTeamId } from './direct.js';
import { replyMessage } from './render.js';
import { handleTakeawayInteraction, isTakeawayInteraction } from './takeaway-form.js';

/**
 * Outside a server and outside the bot's own DM with a person (a group DM, a DM between people)
 * there is no channel for daily posts and no server for votes and `top`; `/papers` is registered
 * for servers and the bot's DMs only, so this answers only stale or odd clients.
 */
export const DIRECT_MESSAGE_REFUSAL =
  "`/papers` works in server channels and in your own direct message with the bot, not here: daily posts go to a channel everyone reads or to you alone, and votes and `top` belong to a server. Run it in a channel of a server that has paperfeed, or in the bot's DM.";

/**
 * A server the bot is not a member of (not in its guild cache, which holds every server it is in):
 * a user-installed app can be run anywhere, but without the bot there is no channel to post in and
 * no reactions to count, and what it stored would serve nobody.
 */
export const NOT_IN_SERVER_REFUSAL =
  "paperfeed is not in this server, so it cannot post or count votes here: a server admin has to add it first (see paperfeed's README).";

/** Discord allows 3 s for the first response; anything not answered by then is deferred (ms). */
const DEFER_AFTER_MS = 2000;

/** Answers one interaction through the bot's command handlers. */
export async function handleInteraction(i: Interaction, commands: CommandHandlers, clock: Clock): Promise<void> {
  if (!i.inGuild() || !i.channelId) {
    const own = ownDirectMessage(i);
    if (own) return route(i, commands, own, clock);
    if (i.isRepliable()) await i.reply({ content: DIRECT_MESSAGE_REFUSAL, flags: MessageFlags.Ephemeral });
    return;
  }
  if (!i.client.guilds.cache.has(i.guildId)) {
    if (i.isAutocomplete()) await i.respond([]);
    else if (i.isRepliable()) await i.reply({ content: NOT_IN_SERVER_REFUSAL, flags: MessageFlags.Ephemeral });
    return;
  }
  const inv: Invocation = { teamId: i.guildId, channelId: i.channelId, userId: i.user.id, isAdmin: isDiscordAdmin(i) };
  return route(i, commands, inv, clock);
}

/**
 * A person's own DM with the bot (context BOT_DM): the feed commands manage that person's own feed
 * there; it belongs to no server (direct.ts). Undefined for a group DM or a DM between people.
 */
function ownDirectMessage(i: Interaction): Invocation | undefined {
  if (i.context !== InteractionContextType.BotDM || !i.channelId) return undefined;
  return {
    teamId: dmTeamId(i.user.id),
    channelId: i.channelId,
    userId: i.user.id,
    isAdmin: false,
    directMessage: true,
    personalFeed: true,
    teamless: true,
  };
}

async function route(i: Interaction, commands: CommandHandlers, inv: Invocation, clock: Clock): Promise<void> {
  if (i.isChatInputCommand() && i.commandName === 'papers') return chatInput(i, commands, inv, clock);
  if (isTakeawayInteraction(i)) return handleTakeawayInteraction(i, commands, inv);
  if (i.isButton()) return button(i, commands, inv);
  if (i.isAutocomplete() && i.commandName === 'papers') return autocomplete(i, commands, inv);
}

export const isDiscordAdmin = (i: Interaction): boolean =>
  Boolean(i.memberPermissions?.any([PermissionFlagsBits.ManageChannels, PermissionFlagsBits.ManageGuild]));

async function chatInput(
  i: ChatInputCommandInteraction,
  commands: CommandHandlers,
  inv: Invocation,
  clock: Clock,
): Promise<void> {
  const name = i.options.getSubcommand(false) ?? 'help';
  const def = findCommand(name)?.def;
  const raw = Object.fromEntries(i.options.data[0]?.options?.map((o) => [o.name, o.value]) ?? []);
  await answer(i, def?.slow ?? false, () => commands.run(name, raw, inv), clock);
}

/**
 * Replies within Discord's 3-second window: slow commands defer at once, others defer only if
 * they have not answered after `DEFER_AFTER_MS`. A deferral is always private ("thinking…" only
 * the caller sees): a public one could not be made private again, so a command that then fails
 * (the store busy at its write) would say so in the channel. A public result after a deferral goes
 * out as a follow-up (see `publishAfterDeferral`).
 */
async function answer(
  i: ChatInputCommandInteraction,
  slow: boolean,
  work: () => Promise<Reply>,
  clock: Clock,
): Promise<void> {
  const flags = MessageFlags.Ephemeral;
  let deferral: Promise<unknown> | undefined = slow ? i.deferReply({ flags }) : undefined;
  const timer = slow ? undefined : clock.setTimeout(() => (deferral = i.deferReply({ flags })), DEFER_AFTER_MS);
  const result = await work();
  timer?.cancel();
  // An export rides on the reply as an attachment (multipart); the text says what it holds.
  const message = {
    ...replyMessage(result),
    ...(result.file
      ? { files: [{ attachment: Buffer.from(result.file.content, 'utf8'), name: result.file.name }] }
      : {}),
  };
  if (!deferral)
    return void (await i.reply({ ...message, flags: result.private ? MessageFlags.Ephemeral : undefined }));
  await deferral;
  await i.editReply(message);
  if (!result.private) await publishAfterDeferral(i, message);
}

/**
 * Posts a public result after a private deferral. Discord turns the first follow-up after a
 * deferral into an edit of the deferred reply, which stays private, so the reply is edited first
 * (the caller keeps a copy should the follow-up fail), then followed up publicly, then removed.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#create-followup-message
 */
async function publishAfterDeferral(i: ChatInputCommandInteraction, message: InteractionReplyOptions): Promise<void> {
  await i.followUp(message);
  await i.deleteReply().catch(() => undefined);
}

/**
 * A button press: its answer replaces the message with the button (a page of results), or goes in
 * a message of its own (`separate`): in the channel for a public answer (a shared card; an
 * interaction reply needs no Send Messages of the bot, and mentions stay off), else only to the presser.
 */
async function button(i: ButtonInteraction, commands: CommandHandlers, inv: Invocation): Promise<void> {
  const result = await commands.action(i.customId, inv);
  const message = replyMessage(result);
  if (!result.separate) return void (await i.update(message));
  await i.reply({ ...message, flags: result.private ? MessageFlags.Ephemeral : undefined });
}

async function autocomplete(i: AutocompleteInteraction, commands: CommandHandlers, inv: Invocation): Promise<void> {
  const focused = i.options.getFocused(true);
  // Bounded like a command's store calls (the handlers' stores): Discord drops an autocomplete answer after 3 s.
  const name = i.options.getSubcommand(false) ?? '';
  const choices = await commands.suggest(name, focused.name, String(focused.value), inv);
  await i.respond(discordChoices(choices));
}

/**
 * Suggestions cut to Discord's limits: at most 25 choices, each name and value at most 100
 * characters (https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-choice-structure).
 */
export function discordChoices(choices: readonly { name: string; value: string }[]): { name: string; value: string }[] {
  return choices.slice(0, 25).map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) }));
}
