import { reply } from '../src/model.js';
import { pauseEnded } from '../src/delivery/post-slots.js';
import type { Subscription } from '../src/subscriptions/subscription.js';
import { describeSubscription } from './describe.js';
import { placeOf } from './own-feed.js';
import { rankSentence, teamTaste } from './rank-line.js';
import type { Command } from './types.js';
import { bullets, code, strong } from '../src/text/rich.js';
import { verbatim } from '../src/text/verbatim.js';

/** One line of state: active, paused (why, until when), or failing. */
export function feedState(sub: Subscription, now: number): string {
  if (sub.paused && !pauseEnded(sub, now)) {
    const until = sub.paused.until ? ` until ${sub.paused.until}` : '';
    return sub.paused.byHand
      ? `⏸️ paused by hand${until}`
      : `⏸️ paused since ${sub.paused.at.slice(0, 10)}: ${sub.paused.reason}`;
  }
  return sub.failures > 0
    ? `active, ${sub.failures} failed attempt${sub.failures === 1 ? '' : 's'} in a row`
    : 'active';
}

/** `/papers feeds`: the channel's feeds, each with what it posts, when, and its state. */
export const feeds: Command = {
  def: {
    name: 'feeds',
    description: "This channel's feeds and their state",
    options: [],
    adminOnly: false,
    channelOnly: true,
    inDirectMessages: true,
    slow: false,
    private: true,
  },
  async run(_input, ctx) {
    const list = await ctx.stores.subscriptions.inChannel(ctx.channel);
    const place = placeOf(ctx);
    if (list.length === 0)
      return reply(
        ctx.personalFeed
          ? `You have no daily DM yet: ${code('/papers subscribe')} here starts one (add ${code('name:')} for more than one).`
          : `This channel has no daily post. An admin can start one with ${code('/papers subscribe')} (add ${code('name:')} for more than one).`,
      );
    const now = ctx.clock.now();
    const taste = await teamTaste(ctx);
    const lines = list.map(
      (s) =>
        `${strong(s.feed ? verbatim(s.feed) : 'main')} (${feedState(s, now)}): ${describeSubscription(s, now)} ${rankSentence(s.rank ?? 'auto', taste)}`,
    );
    const here = ctx.personalFeed ? ' here' : '';
    return reply(`${place.has} ${list.length} feed${list.length === 1 ? '' : 's'}${here}:\n${bullets(lines)}`);
  },
};
