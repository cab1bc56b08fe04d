import { StoreUnavailableError, UserError } from '../src/errors.js';
import type { Reply } from '../src/model.js';
import { feedLabel } from '../src/subscriptions/subscription.js';
import { code } from '../src/text/rich.js';
import { OptionMistake } from './mistakes.js';
import type { CommandContext, CommandInput } from './types.js';

/**
 * A person's own feed, in their direct message with the bot: the feed commands work there on the
 * caller's own feed (`CommandContext.personalFeed`). This is how they word the place and who may
 * act, and what such a feed cannot have.
 */

/** How the feed commands name where a feed posts, and who may change it. */
export interface Place {
  /** "in this channel" / "in this DM". */
  in: string;
  /** "This channel has" / "You have". */
  has: string;
  /** Who resumes or starts one: "an admin" / "you". */
  admin: string;
}

export const placeOf = (ctx: Pick<CommandContext, 'personalFeed'>): Place =>
  ctx.personalFeed
    ? { in: 'in this DM', has: 'You have', admin: 'you' }
    : { in: 'in this channel', has: 'This channel has', admin: 'an admin' };

/** The caller runs a feed command on their own feed in their DM: they are its admin. */
export const ownsFeedHere = (ctx: Pick<CommandContext, 'personalFeed'>): boolean => ctx.personalFeed === true;

/** What a feed in a DM cannot have: a weekly recap (a team's most-voted papers) or a layout the DM cannot show. */
export function refuseForOwnFeed(input: CommandInput, ctx: CommandContext): void {
  if (!ctx.personalFeed) return;
  if (input.recap !== undefined && !/^\s*(off|none|no)\s*$/i.test(String(input.recap)))
    throw new UserError(
      `A weekly recap shows a team's most-voted papers; a feed of your own has no team to recap. Leave out ${code('recap:')} here, or set it on a channel's feed.`,
    );
  const layout = input.layout === undefined ? undefined : String(input.layout);
  if (layout !== undefined && ctx.layouts && !ctx.layouts.includes(layout as never))
    throw new OptionMistake(
      'layout',
      `${code(layout)} does not work in a direct message here; use ${orList(ctx.layouts.map((l) => code(l)))}.`,
    );
}

/** "a, b or c". */
const orList = (items: readonly string[]): string =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? '');

/** The confirmation's note on a feed of one's own. */
export const OWN_FEED_NOTE = `It is your own feed: it comes to you here, and ${code('/papers pause')}, ${code('settings')} and ${code('unsubscribe')} work here too.`;

/**
 * Tells the owner, once, that a feed of theirs in this DM stopped on its own (a platform refused
 * to message them, repeated failures). Runs after the command; a store failure costs only the
 * notice, which waits for the next command.
 */
export async function withOwnPausedNotices(result: Reply, ctx: CommandContext): Promise<Reply> {
  try {
    const paused = (await ctx.stores.subscriptions.inChannel(ctx.channel)).filter(
      (s) => s.owner === ctx.userId && s.paused && !s.paused.told && !s.paused.byHand,
    );
    if (paused.length === 0) return result;
    for (const s of paused)
      await ctx.stores.subscriptions.update(
        s.channel,
        (cur) => (cur?.paused ? { ...cur, paused: { ...cur.paused, told: true } } : cur),
        s.feed,
      );
    const notes = paused.map(
      (s) =>
        `⚠️ Your daily DM (${feedLabel(s)}) is paused: ${s.paused!.reason}. Fix it, then run ${code(`/papers resume${s.feed ? ` ${s.feed}` : ''}`)} here.`,
    );
    return { ...result, text: [...notes, result.text].filter(Boolean).join('\n\n') };
  } catch (error) {
    if (error instanceof StoreUnavailableError) return result;
    throw error;
  }
}
