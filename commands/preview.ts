import { reply } from '../src/model.js';
import { describeSubscription } from './describe.js';
import { feedOf } from './feed-option.js';
import { postDate, previewPosts, previewLines } from './preview-days.js';
import { planned, subscribe } from './subscribe.js';
import type { Command } from './types.js';

/** `/papers preview …`: what a feed with these options would post next and would have posted in its 4 posts before, only to the caller; any member may ask, as it posts and saves nothing. */
export const preview: Command = {
  def: {
    ...subscribe.def,
    name: 'preview',
    description: 'What such a feed would have posted lately, only to you',
    helpOptions: "[subscribe's options]",
    adminOnly: false,
    slow: true,
    private: true,
  },
  async run(input, ctx) {
    const feed = feedOf(input);
    const sub = planned(await ctx.stores.subscriptions.get(ctx.channel, feed), input, ctx, feed);
    const now = ctx.clock.now();
    const posts = await previewPosts(sub, ctx);
    return reply(
      [
        `Preview: the ${describeSubscription(sub, now)}`,
        `Nothing is posted or saved. Its next post and the ${posts.length - 1} before it would show:`,
        ...posts.flatMap((p) => {
          const [first = '', ...rest] = previewLines(p.digest);
          return [`${postDate(p.date)}: ${first}`, ...rest];
        }),
      ].join('\n'),
    );
  },
};
