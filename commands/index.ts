import { describeForUser, newErrorId, StoreUnavailableError, UserError } from '../src/errors.js';
import type { CommandOutcome } from '../src/ports/metrics.js';
import { reply, teamKey, type Reply } from '../src/model.js';
import { account } from './account.js';
import { club } from './club.js';
import { digest } from './digest.js';
import { feeds } from './feeds.js';
import { pause, resume } from './pause.js';
import { preview } from './preview.js';
import { reading } from './reading.js';
import { createHelp } from './help.js';
import { paper } from './paper.js';
import { search } from './search.js';
import { settings } from './settings.js';
import { team } from './team.js';
import { subscribe } from './subscribe.js';
import { takeaway } from './takeaway.js';
import { today } from './today.js';
import { top } from './top.js';
import type { Command, CommandContext, CommandDef } from './types.js';
import { unsubscribe } from './unsubscribe.js';
import { validateInput } from './validate.js';
import { describeMistake, OptionMistake } from './mistakes.js';
import { closest } from '../src/text/closest.js';
import { withOwnPausedNotices } from './own-feed.js';
import { verbatim } from '../src/text/verbatim.js';
import { code } from '../src/text/rich.js';

/** Every `/papers` subcommand, in the order help lists them. */
export const COMMANDS: readonly Command[] = [
  today,
  search,
  paper,
  top,
  reading,
  takeaway,
  club,
  subscribe,
  preview,
  feeds,
  pause,
  resume,
  unsubscribe,
  settings,
  digest,
  team,
  account,
  createHelp(() => definitions()),
];

export const definitions = (): readonly CommandDef[] => COMMANDS.map((c) => c.def);

export const findCommand = (name: string): Command | undefined => COMMANDS.find((c) => c.def.name === name);

/**
 * Runs a subcommand for a platform adapter: validates the input against the definition, enforces
 * admin-only commands, and turns every error into a reply (a short message for the user's own
 * mistakes and outages; an id to quote for anything unexpected, which is logged).
 */
export async function runCommand(name: string, raw: Record<string, unknown>, ctx: CommandContext): Promise<Reply> {
  const command = findCommand(name);
  if (!command) {
    observe(ctx, 'unknown', 'unknown', {}, 0);
    const meant = closest(
      name,
      COMMANDS.map((c) => c.def.name),
    );
    return reply(
      `There is no /papers ${verbatim(name.slice(0, 32))}.${meant ? ` Did you mean ${code(`/papers ${meant}`)}?` : ''} ${code('/papers help')} lists the commands.`,
    );
  }
  return guard(ctx, name, {}, async (outcome) => {
    // Admin commands set up a channel's daily post; a direct message has none, except a person's own
    // DM with the bot, where the feed commands manage that person's own feed (they are its admin).
    const own = ctx.personalFeed === true && command.def.inDirectMessages === true;
    if (inChannelsOnly(command.def) && ctx.directMessage && !own) return reply(directMessageRefusal(name, ctx));
    if (command.def.teamOnly && ctx.teamless) return reply(teamlessRefusal(name, ctx));
    if (command.def.adminOnly && !ctx.isAdmin && !own) {
      outcome.value = 'denied';
      return reply(
        `Only members with ${ctx.adminRequirement} can use ${code(`/papers ${name}`)}. Nothing was changed.`,
      );
    }
    let result: Reply;
    try {
      result = await command.run(validateInput(command.def, raw), ctx);
    } catch (error) {
      // In this platform's syntax, with that option's usage (mistakes.ts).
      if (error instanceof OptionMistake)
        throw new UserError(describeMistake(command.def, error, ctx.keyValueOptions ?? false));
      throw error;
    }
    if (own) return withOwnPausedNotices(result, ctx);
    return ctx.isAdmin ? withPausedNotices(result, ctx) : result;
  });
}

/** Commands about a channel's daily posts, which a direct message does not have. */
const inChannelsOnly = (d: CommandDef): boolean => d.adminOnly || d.channelOnly === true;

/** The commands that answer in this conversation (a DM answers fewer), as `name` list text. */
function answeredHere(ctx: Pick<CommandContext, 'personalFeed' | 'teamless'>): string {
  const here = definitions()
    .filter((d) => !inChannelsOnly(d) || (ctx.personalFeed && d.inDirectMessages))
    .filter((d) => !(ctx.teamless && d.teamOnly))
    .map((d) => code(d.name));
  return `${here.slice(0, -1).join(', ')} and ${here.at(-1)}`;
}

/** Why `/papers <name>` does nothing in a DM, and what does work there (derived from the definitions). */
export function directMessageRefusal(
  name: string,
  ctx: Pick<CommandContext, 'personalFeed' | 'teamless'> = {},
): string {
  const def = findCommand(name)?.def;
  const why = def?.inDirectMessages
    ? `works in a channel, or in your own direct message with me for a feed of your own; not in a conversation with other people`
    : `works in channels, not in direct messages: daily posts go to a channel everyone reads. Run it in that channel`;
  return `${code(`/papers ${name}`)} ${why}. Here I can answer ${answeredHere(ctx)}.`;
}

/** Why a command about a team's votes does nothing where there is no team (a Discord DM). */
function teamlessRefusal(name: string, ctx: Pick<CommandContext, 'personalFeed' | 'teamless'>): string {
  return `${code(`/papers ${name}`)} shows a server's votes; a direct message belongs to no server. Run it in a channel of the server. Here I can answer ${answeredHere(ctx)}.`;
}

/** Runs a button press: `action` is `<command>:<args>` as the command set it. */
export async function runAction(action: string, ctx: CommandContext): Promise<Reply> {
  const [name, ...rest] = action.split(':');
  const command = findCommand(name ?? '');
  // The label is a known command name: button values come from the platform and are not trusted as labels.
  return guard(ctx, command ? command.def.name : 'unknown', { action: action.slice(0, 100) }, async () => {
    if (!command?.onAction) throw new UserError('That button no longer works; run the command again.');
    return command.onAction(rest.join(':'), ctx);
  });
}

/**
 * A command's stores answer within INTERACTIVE_STORE_TIMEOUT_MS (the context's stores are built on
 * a backend with that bound), so a store outage is answered with "try again shortly" inside the
 * platforms' windows. The store logs the outage once; each failed command is only a debug line.
 */
async function guard(
  ctx: CommandContext,
  name: string,
  extra: Record<string, unknown>,
  run: (outcome: { value: CommandOutcome }) => Promise<Reply>,
): Promise<Reply> {
  const what = { command: name, ...extra };
  const started = performance.now();
  const outcome: { value: CommandOutcome } = { value: 'ok' };
  try {
    return await run(outcome);
  } catch (error) {
    const errorId = newErrorId();
    if (error instanceof StoreUnavailableError) {
      outcome.value = 'store_unavailable';
      ctx.logger.debug('command refused: store unavailable', { ...what, reason: error.reason, channel: ctx.channel });
    } else if (error instanceof UserError) {
      outcome.value = 'user_error';
    } else {
      outcome.value = 'error';
      ctx.logger.error('command failed', { ...what, errorId, channel: ctx.channel, error });
    }
    return reply(describeForUser(error, errorId));
  } finally {
    observe(ctx, name, outcome.value, extra, performance.now() - started);
  }
}

/** One `command` line per command or button press, with its outcome and duration, and the metric. */
function observe(
  ctx: CommandContext,
  name: string,
  outcome: CommandOutcome,
  extra: Record<string, unknown>,
  ms: number,
): void {
  ctx.metrics?.command(ctx.channel.platform, name, outcome, ms);
  ctx.logger.info('command', {
    command: name,
    ...extra,
    platform: ctx.channel.platform,
    channel: ctx.channel.channelId,
    user: ctx.userId,
    outcome,
    ms: Math.round(ms),
  });
}

/**
 * Tells an admin, once, about subscriptions in their team that stopped on their own. Runs after
 * the command, whose change is already stored (and maybe announced): a store failure here costs
 * only the notices, which wait for the next command, not the command's own answer.
 */
function withPausedNotices(result: Reply, ctx: CommandContext): Promise<Reply> {
  return addPausedNotices(result, ctx).catch((error: unknown) => {
    if (error instanceof StoreUnavailableError) return result;
    throw error;
  });
}

async function addPausedNotices(result: Reply, ctx: CommandContext): Promise<Reply> {
  // A person's own feed is told to that person (own-feed.ts), not to the team's admins.
  const paused = (await ctx.stores.subscriptions.inTeam(teamKey(ctx.channel))).filter(
    (s) => s.paused && !s.paused.told && !s.owner,
  );
  if (paused.length === 0) return result;
  for (const s of paused)
    await ctx.stores.subscriptions.update(s.channel, (cur) =>
      cur?.paused ? { ...cur, paused: { ...cur.paused, told: true } } : cur,
    );
  const notes = paused.map(
    (s) =>
      `⚠️ Daily posts in ${ctx.channelMention(s.channel.channelId)} are paused: ${s.paused!.reason}. Fix it, then run ${code('/papers subscribe')} there to resume.`,
  );
  return { ...result, text: [...notes, result.text].filter(Boolean).join('\n\n') };
}
