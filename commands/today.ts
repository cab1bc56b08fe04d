import { toCard } from '../src/papers/card.js';
import { emptyDigestText } from '../src/papers/digest.js';
import { DEFAULT_DIGEST_SETTINGS, reply } from '../src/model.js';
import type { Command } from './types.js';
import { shareable } from './share.js';

/** `/papers today [date]`: the day's top papers, shown only to the caller. */
export const today: Command = {
  def: {
    name: 'today',
    description: "The day's top papers on Hugging Face",
    options: [
      {
        name: 'date',
        description: 'A day as YYYY-MM-DD (default: the latest day with papers)',
        type: 'string',
        maxLength: 10,
        main: true,
      },
    ],
    adminOnly: false,
    slow: true,
    private: true,
  },
  async run(input, ctx) {
    const day = (input.date as string | undefined) ?? (await ctx.feed.latestDay());
    const sub = await ctx.stores.subscriptions.get(ctx.channel);
    const settings = { ...DEFAULT_DIGEST_SETTINGS, ...sub?.settings };
    const d = await ctx.feed.digest(day, settings);
    if (d.papers.length === 0) return reply(emptyDigestText(d));
    const filtered =
      sub && (settings.keywords.length || settings.minUpvotes) ? " (this channel's filters applied)" : '';
    // Of the papers the filter matched, as the day's header counts them.
    const pool = d.matched ?? d.totalThatDay;
    const of = pool < d.totalThatDay ? `${pool} matching papers` : `${pool} papers`;
    return reply(`Top ${d.papers.length} of ${of} on ${day}${filtered}:`, {
      cards: shareable(d.papers.map((p, i) => toCard(p, { rank: i + 1 }))),
    });
  },
};
