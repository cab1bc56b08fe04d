import { UserError } from '../src/errors.js';
import { reply } from '../src/model.js';
import { feedLabel, parseFeedName } from '../src/subscriptions/subscription.js';
import { describeSubscription } from './describe.js';
import { FEED_OPTION, feedOf, requireFeed } from './feed-option.js';
import { ownsFeedHere, placeOf } from './own-feed.js';
import type { Command } from './types.js';
import { code } from '../src/text/rich.js';

/** `/papers unsubscribe [name]`: stop a feed, after a confirmation button. Admins only. */
export const unsubscribe: Command = {
  def: {
    name: 'unsubscribe',
    description: "Stop one of this channel's feeds (asks to confirm)",
    options: [{ ...FEED_OPTION, main: true }],
    adminOnly: true,
    inDirectMessages: true,
    slow: false,
    private: true,
  },
  async run(input, ctx) {
    const sub = await requireFeed(ctx, feedOf(input));
    return reply(
      `Stop ${feedLabel(sub)} ${placeOf(ctx).in}? It posts the ${describeSubscription(sub, ctx.clock.now())}\nVotes and the leaderboard are kept. To stop it for a while instead, use ${code('/papers pause')}.`,
      {
        buttons: [{ kind: 'action', label: 'Yes, unsubscribe', action: `unsubscribe:confirm:${sub.feed ?? ''}` }],
      },
    );
  },
  async onAction(action, ctx) {
    // A button press is a new request: the presser must be an admin too.
    if (!ctx.isAdmin && !ownsFeedHere(ctx))
      return reply(`Only members with ${ctx.adminRequirement} can unsubscribe. Nothing was changed.`);
    const [verb, name = ''] = action.split(':');
    const feed = parseFeedName(name);
    if (verb !== 'confirm' || feed === null) throw new UserError('That button no longer works; run the command again.');
    const removed = await ctx.stores.subscriptions.remove(ctx.channel, feed);
    return removed
      ? reply(
          `🔕 Unsubscribed ${feed ? `feed "${feed}"` : 'the main feed'}: it no longer posts here. Votes and the leaderboard are kept.`,
          { private: false },
        )
      : reply('That feed was already removed.');
  },
};
