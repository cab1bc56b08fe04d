import { reply } from '../src/model.js';
import { describeSubscription } from './describe.js';
import { feedOf } from './feed-option.js';
import { previewDays, previewLines } from './preview-days.js';
import { arxivPreview } from './preview-arxiv.js';
import { planned, subscribe } from './subscribe.js';
import type { Command } from './types.js';

/** `/papers preview …`: what a feed with these options would have posted on the last 5 weekdays, only to the admin. */
export const preview: Command = {
  def: {
    ...subscribe.def,
    name: 'preview',
    description: 'What such a feed would have posted lately, only to you',
    helpOptions: "[subscribe's options]",
    slow: true,
    private: true,
  },
  async run(input, ctx) {
    const feed = feedOf(input);
    const sub = planned(await ctx.stores.subscriptions.get(ctx.channel, feed), input, ctx, feed);
    const now = ctx.clock.now();
    const arxiv = sub.arxiv;
    if (arxiv)
      return reply(
        [
          `Preview: the ${describeSubscription(sub, now)}`,
          "Nothing is posted or saved. From arXiv's latest announcements it would have posted:",
          ...(await arxivPreview({ ...sub, arxiv }, ctx)),
        ].join('\n'),
      );
    const days = await Promise.all(previewDays(sub, now).map((day) => ctx.feed.digest(day, sub.settings)));
    return reply(
      [
        `Preview: the ${describeSubscription(sub, now)}`,
        'Nothing is posted or saved. On the last 5 weekdays it would have posted:',
        ...days.flatMap(previewLines),
      ].join('\n'),
    );
  },
};
