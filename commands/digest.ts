import { PostError } from '../src/delivery/channel-poster.js';
import { UserError } from '../src/errors.js';
import { DEFAULT_DIGEST_SETTINGS, reply } from '../src/model.js';
import type { Command } from './types.js';

/** `/papers digest [date]`: post a day's digest in this channel now, once per day. Admins only. */
export const digest: Command = {
  def: {
    name: 'digest',
    description: "Post the day's digest in this channel now",
    options: [
      {
        name: 'date',
        description: 'A day as YYYY-MM-DD (default: the latest day with papers)',
        type: 'string',
        maxLength: 10,
        main: true,
      },
    ],
    adminOnly: true,
    slow: true,
    private: true,
  },
  async run(input, ctx) {
    const day = (input.date as string | undefined) ?? (await ctx.feed.latestDay());
    const sub = await ctx.stores.subscriptions.get(ctx.channel);
    const outcome = await ctx.delivery
      .postDigest({
        channel: ctx.channel,
        day,
        settings: { ...DEFAULT_DIGEST_SETTINGS, ...sub?.settings },
        by: ctx.userId,
        layout: sub?.layout,
        rank: sub?.rank,
      })
      .catch((error: unknown) => {
        if (!(error instanceof PostError)) throw error;
        if (error.permanent) {
          const paused = sub ? ' Daily posts here are paused until an admin runs `/papers subscribe` again.' : '';
          throw new UserError(`I can't post here: ${error.message}.${paused}`);
        }
        throw new UserError(
          `Posting stopped part-way (${error.message}). Run \`/papers digest\` again to finish; papers already posted will not repeat.`,
        );
      });
    switch (outcome.status) {
      case 'posted':
        return reply(`Posted the ${day} digest here: ${outcome.papers} paper${outcome.papers === 1 ? '' : 's'}.`);
      case 'already': {
        const link = outcome.header ? ctx.messageLink(outcome.header) : undefined;
        return reply(`The ${day} digest was already posted in this channel${link ? `: ${link}` : ''}.`);
      }
      case 'busy':
        throw new UserError(`The ${day} digest is being posted here right now.`);
      case 'waiting': // only scheduled posts wait for Hugging Face
        throw new UserError(`Hugging Face has no papers for ${day} yet.`);
    }
  },
};
