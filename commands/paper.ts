import { toCard } from '../src/card.js';
import { UserError } from '../src/errors.js';
import { reply } from '../src/model.js';
import { canonicalPaperId } from '../src/paper-id.js';
import { leaderboardTeams } from '../src/team-board.js';
import type { Command } from './types.js';

/** `/papers paper <id or URL>`: one paper's card. */
export const paper: Command = {
  def: {
    name: 'paper',
    description: 'Show one paper by arXiv id or link',
    options: [{ name: 'id', description: 'An arXiv id (2406.14833) or an arxiv.org / huggingface.co link', type: 'string', required: true, maxLength: 300, main: true }],
    adminOnly: false,
    slow: true,
    private: true,
  },
  async run(input, ctx) {
    const text = String(input.id);
    const id = canonicalPaperId(text);
    if (!id) throw new UserError(`"${text.slice(0, 80)}" is not an arXiv id or paper link. Try 2406.14833 or https://arxiv.org/abs/2406.14833.`);
    const found = await ctx.feed.paper(id);
    if (!found) throw new UserError(`No paper ${id} on Hugging Face or arXiv.`);
    const votes = (await Promise.all((await leaderboardTeams(ctx)).map((t) => ctx.stores.votes.count(t, id)))).reduce((n, v) => n + v, 0);
    return reply('', { cards: [toCard(found, votes ? { votes } : {})] });
  },
};
