import { EMPTY_DAY_RECHECK_MS, EMPTY_DAY_WAIT_MS } from '../src/delivery/empty-day.js';
import { reply } from '../src/model.js';
import { formatLocal } from '../src/time/zoned-time.js';
import { describeSubscription } from './describe.js';
import { FEED_OPTION, feedOf, requireFeed } from './feed-option.js';
import { feedState } from './feeds.js';
import { rankLine } from './rank-line.js';
import { lastRecapLine } from './subscribe-recap.js';
import { placeOf } from './own-feed.js';
import { daysLine, lastPostDays } from './subscribe-days.js';
import type { Command } from './types.js';
import { code } from '../src/text/rich.js';

/** `/papers settings`: this channel's daily post, its last delivery and the next one. */
export const settings: Command = {
  def: {
    name: 'settings',
    description: "A feed's settings and status",
    options: [{ ...FEED_OPTION, main: true }],
    adminOnly: false,
    channelOnly: true,
    inDirectMessages: true,
    slow: false,
    private: true,
  },
  async run(input, ctx) {
    const sub = await requireFeed(ctx, feedOf(input));
    const last = sub.lastPost
      ? `Last post: ${lastPostDays(sub.lastPost)}, ${sub.lastPost.status} (${formatLocal(Date.parse(sub.lastPost.at), sub.timeZone)})${sub.lastPost.detail ? ` — ${sub.lastPost.detail}` : ''}.`
      : 'Last post: none yet.';
    const waiting =
      sub.waiting && sub.arxiv
        ? `Waiting for arXiv's listing of ${sub.arxiv.categories.join(', ')}: it still shows an older announcement than arXiv's calendar says; asked again every ${EMPTY_DAY_RECHECK_MS / 60_000} minutes, and the papers are posted once it appears.`
        : sub.waiting
          ? `Waiting for papers: Hugging Face's list for ${(sub.waiting.empty ?? [sub.waiting.day]).join(', ')} is empty so far; asked again every ${EMPTY_DAY_RECHECK_MS / 60_000} minutes until ${formatLocal(Date.parse(sub.waiting.since) + EMPTY_DAY_WAIT_MS, sub.timeZone)}, then the day is posted as it is.`
          : '';
    const state = feedState(sub, ctx.clock.now());
    const place = placeOf(ctx);
    const resume = state.startsWith('⏸️')
      ? ` ${place.admin === 'you' ? 'Resume' : 'An admin can resume'} it with ${code(`/papers resume${sub.feed ? ` ${sub.feed}` : ''}`)}.`
      : '';
    const others = (await ctx.stores.subscriptions.inChannel(ctx.channel)).length - 1;
    const more =
      others > 0 ? `${place.has} ${others} more feed${others === 1 ? '' : 's'}: ${code('/papers feeds')}.` : '';
    const who = sub.feed ? `Feed "${sub.feed}"` : ctx.personalFeed ? 'Your feed here' : 'This channel';
    return reply(
      [
        `${who} gets the ${describeSubscription(sub, ctx.clock.now())}`,
        daysLine(sub),
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
