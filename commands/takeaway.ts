import { recordTakeaway } from '../src/club/takeaways.js';
import { UserError } from '../src/errors.js';
import { reply } from '../src/model.js';
import { canonicalPaperId } from '../src/papers/paper-id.js';
import { TAKEAWAY_MAX } from '../src/store/takeaway-store.js';
import { truncate } from '../src/text/truncate.js';
import { quoted, verbatim } from '../src/text/verbatim.js';
import { teamOf } from '../src/votes/team-board.js';
import { READING_CLUB } from './reading-club.js';
import type { Command, CommandContext } from './types.js';
import { voterNames } from './voter-names.js';

/**
 * `/papers takeaway <paper> <text>`: what you learned from a paper, posted in its thread (writing
 * again replaces it). Anyone may add one, not only a reader; it never pings anyone.
 */
export const takeaway: Command = {
  def: {
    name: 'takeaway',
    description: "Share what you learned from a paper; it is posted in the paper's thread",
    options: [
      {
        name: 'paper',
        description: 'An arXiv id (2406.14833) or an arxiv.org / huggingface.co link',
        type: 'string',
        required: true,
        maxLength: 300,
        leading: true,
        autocomplete: true,
      },
      {
        name: 'text',
        description: `What you took away, up to ${TAKEAWAY_MAX} characters`,
        type: 'string',
        required: true,
        maxLength: TAKEAWAY_MAX,
        main: true,
      },
    ],
    adminOnly: false,
    helpGroup: READING_CLUB,
    slow: true,
    private: true,
  },
  async run(input, ctx) {
    const typed = String(input.paper);
    const id = canonicalPaperId(typed);
    if (!id)
      throw new UserError(
        `${quoted(typed, 80)} is not an arXiv id or paper link. Try \`/papers takeaway 2406.14833 what you learned\`.`,
      );
    const paper = (await ctx.stores.papers.getPaper(id)) ?? (await ctx.feed.paper(id));
    if (!paper) throw new UserError(`No paper ${id} on Hugging Face or arXiv; nothing was saved.`);
    const name = (await voterNames(ctx, [ctx.userId])).get(ctx.userId) ?? 'someone';
    const outcome = await recordTakeaway(
      { stores: ctx.stores, posters: ctx.club?.posters ?? new Map(), clock: ctx.clock, logger: ctx.logger },
      { paperId: id, title: paper.title, text: String(input.text), channel: ctx.channel, identity: ctx.userId, name },
    );
    const what = `your takeaway on ${verbatim(truncate(paper.title, 100))}`;
    const saved = outcome.replaced ? `💡 Replaced ${what}` : `💡 Saved ${what}`;
    if (outcome.shownIn) {
      const link = ctx.messageLink(outcome.shownIn);
      return reply(`${saved}; it is in the paper's thread${link ? `: ${link}` : '.'}`);
    }
    if (outcome.failed)
      return reply(
        `${saved}, but I could not post it in the paper's thread just now. It is kept all the same: it shows in \`/papers reading\`, the weekly recap and \`/papers top format:csv\`.`,
      );
    return reply(
      `${saved}. The paper was not posted in this team, so there is no thread to show it in; it shows in \`/papers reading\`, the weekly recap and \`/papers top format:csv\`.`,
    );
  },
  async suggest(option, partial, ctx) {
    if (option !== 'paper') return [];
    return claimSuggestions(ctx, partial);
  },
};

/** The caller's own open claims, newest first, as paper suggestions (Discord autocomplete). */
async function claimSuggestions(ctx: CommandContext, partial: string) {
  const team = await teamOf(ctx);
  const reader = await ctx.stores.teams.voterOf(ctx.userId);
  const mine = [...(await ctx.stores.claims.claimsOf(team, reader))].sort((a, b) => b[1] - a[1]).slice(0, 25);
  const papers = await ctx.stores.papers.getPapers(mine.map(([id]) => id));
  const needle = partial.trim().toLowerCase();
  return mine
    .map(([id], i) => ({ name: `${id} · ${papers[i]?.title ?? ''}`.slice(0, 100), value: id }))
    .filter((s) => s.name.toLowerCase().includes(needle));
}
