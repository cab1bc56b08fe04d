import { EMPTY_DAY_RECHECK_MS, EMPTY_DAY_WAIT_MS } from '../src/delivery/empty-day.js';
import { reply } from '../src/model.js';
import { formatLocal } from '../src/time/zoned-time.js';
import { describeSubscription } from './describe.js';
import { FEED_OPTION, feedOf, requireFeed } from './feed-option.js';
import { feedState } from './feeds.js';
import { rankLine } from './rank-line.js';
import { lastRecapLine } from './subscribe-recap.js';
import type { Command } from './types.js';

/** `/papers settings`: this channel's daily post, its last delivery and the next one. */
export const settings: Command = {
  def: {
    name: 'settings',
    description: "A feed's settings and status",
    options: [{ ...FEED_OPTION, main: true }],
    adminOnly: false,
    slow: false,
    private: true,
  },
  async run(input, ctx) {
    const sub = await requireFeed(ctx, feedOf(input));
    const last = sub.lastPost
      ? `Last post: ${sub.lastPost.day}, ${sub.lastPost.status} (${formatLocal(Date.parse(sub.lastPost.at), sub.timeZone)})${sub.lastPost.detail ? ` — ${sub.lastPost.detail}` : ''}.`
      : 'Last post: none yet.';
    const waiting = sub.waiting
      ? `Waiting for papers: Hugging Face's list for ${sub.waiting.day} is empty so far; asked again every ${EMPTY_DAY_RECHECK_MS / 60_000} minutes until ${formatLocal(Date.parse(sub.waiting.since) + EMPTY_DAY_WAIT_MS, sub.timeZone)}, then the day is posted as it is.`
      : '';
    const state = feedState(sub, ctx.clock.now());
    const resume = state.startsWith('⏸️')
      ? ` An admin can resume it with \`/papers resume${sub.feed ? ` ${sub.feed}` : ''}\`.`
      : '';
    const others = (await ctx.stores.subscriptions.inChannel(ctx.channel)).length - 1;
    const more = others > 0 ? `This channel has ${others} more feed${others === 1 ? '' : 's'}: \`/papers feeds\`.` : '';
    return reply(
      [
        `${sub.feed ? `Feed "${sub.feed}"` : 'This channel'} gets the ${describeSubscription(sub, ctx.clock.now())}`,
        await rankLine(sub, ctx),
        last,
        waiting,
        lastRecapLine(sub),
        `Status: ${state}.${resume}`,
        more,
      ]
        .filter(Boolean)
        .join('\n'),
    );
  },
};
