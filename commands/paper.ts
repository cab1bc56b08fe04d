import { toCard } from '../src/papers/card.js';
import { UserError } from '../src/errors.js';
import { reply } from '../src/model.js';
import { canonicalPaperId } from '../src/papers/paper-id.js';
import { listNames, voterNames } from './voter-names.js';
import { teamOf } from '../src/votes/team-board.js';
import type { Command } from './types.js';
import { paperNotFound, paperSourceNote } from './upstream-notes.js';
import { quoted, verbatim } from '../src/text/verbatim.js';
import { SHARE_VERB, shareable, shareCard } from './share.js';

/** `/papers paper <id or URL>`: one paper's card, with this team's votes and who cast them (names, never mentions). */
export const paper: Command = {
  def: {
    name: 'paper',
    description: 'Show one paper by arXiv id or link',
    options: [
      {
        name: 'id',
        description: 'An arXiv id (2406.14833) or an arxiv.org / huggingface.co link',
        type: 'string',
        required: true,
        maxLength: 300,
        main: true,
      },
    ],
    adminOnly: false,
    slow: true,
    private: true,
  },
  async run(input, ctx) {
    const text = String(input.id);
    const id = canonicalPaperId(text);
    if (!id)
      throw new UserError(
        `${quoted(text, 80)} is not an arXiv id or paper link. Try 2406.14833 or https://arxiv.org/abs/2406.14833.`,
      );
    const { paper: found, unavailable } = await ctx.feed.lookup(id);
    if (!found) throw new UserError(paperNotFound(id, unavailable));
    const source = paperSourceNote(found, unavailable);
    const voters = await ctx.stores.votes.voters(await teamOf(ctx), id);
    const card = (votes?: number) => shareable([toCard(found, { authors: true, dated: true, votes })]);
    if (voters.length === 0) return reply(source, { cards: card() });
    // Named once per person: an account's vote from before a link and its person's are one name.
    const people = [...new Set(await ctx.stores.teams.peopleOf(voters))];
    const names = await voterNames(ctx, people);
    const sorted = people.map((v) => names.get(v)!).sort((a, b) => a.localeCompare(b));
    const line = `${ctx.voteEmoji} ${voters.length} team vote${voters.length === 1 ? '' : 's'}: ${listNames(sorted.map(verbatim))}`;
    return reply([source, line].filter(Boolean).join('\n'), { cards: card(voters.length) });
  },
  async onAction(action, ctx) {
    // Share buttons of paper, search and today answers (commands/share.ts).
    const [verb, ...args] = action.split(':');
    if (verb === SHARE_VERB) return shareCard(args.join(':'), ctx);
    throw new UserError('That button no longer works; run the command again.');
  },
};
