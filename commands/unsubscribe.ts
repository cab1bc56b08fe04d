import { reply } from '../src/model.js';
import type { Command } from './types.js';

/** `/papers unsubscribe`: stop this channel's daily post. Admins only. */
export const unsubscribe: Command = {
  def: { name: 'unsubscribe', description: "Stop this channel's daily post", options: [], adminOnly: true, slow: false, private: false },
  async run(_input, ctx) {
    const removed = await ctx.stores.subscriptions.remove(ctx.channel);
    return removed
      ? reply('🔕 Unsubscribed: this channel no longer gets a daily post. Votes and the leaderboard are kept.', { private: false })
      : reply('This channel has no daily post to stop.');
  },
};
