import { UserError } from '../src/errors.js';
import { parseFeedName, type Subscription } from '../src/subscriptions/subscription.js';
import type { CommandContext, CommandInput, OptionDef } from './types.js';
import { placeOf } from './own-feed.js';
import { quoted } from '../src/text/verbatim.js';
import { code } from '../src/text/rich.js';

/** A channel may have this many feeds; each is scheduled, posted and paused on its own. */
export const MAX_FEEDS_PER_CHANNEL = 5;

/** The `name` option of the feed commands. */
export const FEED_OPTION: OptionDef = {
  name: 'name',
  description: "Which feed: a short name (letters, digits, - or _); leave out for the channel's main feed",
  type: 'string',
  maxLength: 24,
  aliases: ['feed'],
};

/** The feed a command names; undefined for the main feed. */
export function feedOf(input: CommandInput): string | undefined {
  const name = parseFeedName(input.name === undefined ? undefined : String(input.name));
  if (name === null)
    throw new UserError(
      `${quoted(String(input.name), 30)} is not a feed name: use up to 24 letters, digits, - or _, starting with a letter or digit.`,
    );
  return name;
}

/** The named feed, or a clear refusal listing the channel's feeds. */
export async function requireFeed(ctx: CommandContext, feed: string | undefined): Promise<Subscription> {
  const sub = await ctx.stores.subscriptions.get(ctx.channel, feed);
  if (sub) return sub;
  const feeds = await ctx.stores.subscriptions.inChannel(ctx.channel);
  if (feeds.length === 0)
    throw new UserError(
      ctx.personalFeed
        ? `You have no daily DM yet: ${code('/papers subscribe')} here starts one.`
        : `This channel has no daily post. An admin can start one with ${code('/papers subscribe')}.`,
    );
  const names = feeds.map((s) => (s.feed ? code(s.feed) : 'the main feed (no name)')).join(', ');
  const has = placeOf(ctx).has;
  throw new UserError(
    `${has} no feed ${feed ? `named "${feed}"` : 'without a name'}${ctx.personalFeed ? ' here' : ''}. ${ctx.personalFeed ? 'Your' : 'Its'} feeds: ${names}.`,
  );
}

/** Changes the named feed (compare-and-set in the store); a clear refusal when it was removed meanwhile. */
export async function updateFeed(
  ctx: CommandContext,
  feed: string | undefined,
  change: (s: Subscription) => Subscription,
): Promise<Subscription> {
  const sub = await ctx.stores.subscriptions.update(ctx.channel, (s) => s && change(s), feed);
  if (!sub) throw new UserError('That feed was just removed.');
  return sub;
}
