import { toCard } from '../src/card.js';
import { reply, type PaperCard } from '../src/model.js';
import { teamLeaderboard } from '../src/team-board.js';
import type { Command } from './types.js';

const PERIODS: Record<string, { days: number; label: string }> = {
  day: { days: 1, label: 'in the last day' },
  week: { days: 7, label: 'in the last 7 days' },
  month: { days: 30, label: 'in the last 30 days' },
  all: { days: Infinity, label: 'of all time' },
};

/** `/papers top [day|week|month|all]`: this team's papers ranked by reaction votes. */
export const top: Command = {
  def: {
    name: 'top',
    description: "This team's most voted papers",
    options: [{ name: 'period', description: 'day, week, month or all (default: week)', type: 'string', choices: ['day', 'week', 'month', 'all'], main: true }],
    adminOnly: false,
    slow: false,
    private: true,
  },
  async run(input, ctx) {
    const period = PERIODS[(input.period as string | undefined) ?? 'week']!;
    const since = period.days === Infinity ? 0 : ctx.clock.now() - period.days * 86_400_000;
    const board = (await teamLeaderboard(ctx, since)).slice(0, 5);
    if (board.length === 0) {
      return reply(`No votes yet ${period.label}. React with ${ctx.voteEmoji} on a paper the bot posted to vote for it.`);
    }
    const cards: PaperCard[] = [];
    for (const row of board) {
      const p = (await ctx.stores.papers.getPaper(row.paperId)) ?? (await ctx.feed.paper(row.paperId));
      if (p) cards.push(toCard(p, { votes: row.votes }));
    }
    const lines = board.map((r, i) => `${i + 1}. ${r.votes} vote${r.votes === 1 ? '' : 's'} · ${cards.find((c) => c.paperId === r.paperId)?.title ?? r.paperId}`);
    return reply(`Most voted papers ${period.label}:\n${lines.join('\n')}`, { cards });
  },
};
