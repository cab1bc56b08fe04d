import { reply } from '../src/model.js';
import { formatLocal } from '../src/zoned-time.js';
import { describeSubscription } from './describe.js';
import type { Command } from './types.js';

/** `/papers settings`: this channel's daily post, its last delivery and the next one. */
export const settings: Command = {
  def: { name: 'settings', description: "This channel's daily post settings and status", options: [], adminOnly: false, slow: false, private: true },
  async run(_input, ctx) {
    const sub = await ctx.stores.subscriptions.get(ctx.channel);
    if (!sub) return reply('This channel has no daily post. An admin can start one with `/papers subscribe`.');
    const last = sub.lastPost
      ? `Last post: ${sub.lastPost.day}, ${sub.lastPost.status} (${formatLocal(Date.parse(sub.lastPost.at), sub.timeZone)})${sub.lastPost.detail ? ` — ${sub.lastPost.detail}` : ''}.`
      : 'Last post: none yet.';
    const status = sub.paused
      ? `⏸️ Paused since ${sub.paused.at.slice(0, 10)}: ${sub.paused.reason}. An admin can resume with \`/papers subscribe\`.`
      : sub.failures > 0
        ? `Status: active, ${sub.failures} failed attempt${sub.failures === 1 ? '' : 's'} in a row.`
        : 'Status: active.';
    return reply([`This channel gets the ${describeSubscription(sub, ctx.clock.now())}`, last, status].join('\n'));
  },
};
