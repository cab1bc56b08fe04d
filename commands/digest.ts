import { PostError } from '../src/delivery/channel-poster.js';
import { UserError } from '../src/errors.js';
import { DEFAULT_DIGEST_SETTINGS, reply } from '../src/model.js';
import { dayInZone } from '../src/time/dates.js';
import { placeOf } from './own-feed.js';
import type { Command } from './types.js';
import { code } from '../src/text/rich.js';

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
    inDirectMessages: true,
    slow: true,
    private: true,
  },
  async run(input, ctx) {
    const sub = await ctx.stores.subscriptions.get(ctx.channel);
    // An arXiv main feed posts its post of today (in its zone) now: the latest announcement it has not posted.
    if (sub?.arxiv && input.date !== undefined)
      throw new UserError(
        "This channel's main feed follows arXiv, which posts its latest announcement: leave the date out (`paperfeed digest --source arxiv --date …` prints a stored one).",
      );
    const day = sub?.arxiv
      ? dayInZone(ctx.clock.now(), sub.timeZone)
      : ((input.date as string | undefined) ?? (await ctx.feed.latestDay()));
    const outcome = await ctx.delivery
      .postDigest({
        channel: ctx.channel,
        day,
        settings: { ...DEFAULT_DIGEST_SETTINGS, ...sub?.settings },
        by: ctx.userId,
        layout: sub?.layout,
        ...(sub?.arxiv ? { arxiv: sub.arxiv, emptyDayNote: true } : {}),
        // In a person's own DM, the day is ranked for them and its votes are theirs.
        ...(sub?.owner || ctx.personalFeed ? { owner: sub?.owner ?? ctx.userId } : {}),
        rank: sub?.rank,
      })
      .catch((error: unknown) => {
        if (!(error instanceof PostError)) throw error;
        if (error.permanent) {
          const paused = sub
            ? ` Daily posts here are paused until ${ctx.personalFeed ? 'you run' : 'an admin runs'} ${code('/papers subscribe')} again.`
            : '';
          throw new UserError(`I can't post here: ${error.message}.${paused}`);
        }
        throw new UserError(
          `Posting stopped part-way (${error.message}). Run ${code('/papers digest')} again to finish; papers already posted will not repeat.`,
        );
      });
    switch (outcome.status) {
      case 'posted':
        return reply(`Posted the ${day} digest here: ${outcome.papers} paper${outcome.papers === 1 ? '' : 's'}.`);
      case 'already': {
        const link = outcome.header ? ctx.messageLink(outcome.header) : undefined;
        return reply(`The ${day} digest was already posted ${placeOf(ctx).in}${link ? `: ${link}` : ''}.`);
      }
      case 'busy':
        throw new UserError(`The ${day} digest is being posted here right now.`);
      case 'waiting': // only scheduled posts wait for Hugging Face; an arXiv feed waits for a late listing
        throw new UserError(
          sub?.arxiv
            ? "arXiv's listing is late: it still shows an older announcement than arXiv's calendar says. The feed posts it as soon as it appears."
            : `Hugging Face has no papers for ${day} yet.`,
        );
    }
  },
};
