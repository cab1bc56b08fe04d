import { boardCsv } from '../src/votes/board-export.js';
import { readingLog } from '../src/club/reading-log.js';
import { toCard } from '../src/papers/card.js';
import { loadBoard, type BoardRow } from '../src/votes/leaderboard.js';
import { reply, type Reply } from '../src/model.js';
import { truncate } from '../src/text/truncate.js';
import { parseTopArgs, PERIODS, periodStart, suggestTopArgs, MAX_LIMIT, type TopArgs } from './top-args.js';
import { myVotes, topVoters } from './top-views.js';

import { teamOf } from '../src/votes/team-board.js';
import type { Command, CommandContext } from './types.js';
import { verbatim } from '../src/text/verbatim.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One leaderboard line: rank, team votes, HF upvotes, title (the voters are the votes: one each). */
export const boardLine = (r: BoardRow): string =>
  `${r.rank}. ${plural(r.votes, 'vote')} · ▲ ${r.upvotes ?? '?'} · ${verbatim(truncate(r.title || r.paperId, 70))}`;

/** `/papers top [me|voters] [day|week|month|year|all] [limit] [format:csv]`: this team's leaderboards. */
export const top: Command = {
  def: {
    name: 'top',
    description: "This team's most voted papers (or me, voters)",
    options: [
      {
        name: 'period',
        description: 'day, week, month, year or all (default: week); or me, voters',
        type: 'string',
        maxLength: 40,
        main: true,
        autocomplete: true,
      },
      { name: 'limit', description: `Rows (1-${MAX_LIMIT})`, type: 'integer', min: 1, max: MAX_LIMIT },
      { name: 'format', description: 'text or csv (a file)', type: 'string', choices: ['text', 'csv'] },
    ],
    adminOnly: false,
    teamOnly: true,
    slow: false,
    private: true,
  },
  async run(input, ctx) {
    const args = parseTopArgs(input);
    if (args.view === 'me') return myVotes(args, ctx);
    if (args.view === 'voters') return topVoters(args, ctx);
    return papersBoard(args, ctx);
  },
  async suggest(option, partial) {
    return option === 'period' ? suggestTopArgs(partial) : [];
  },
};

async function papersBoard(args: TopArgs, ctx: CommandContext): Promise<Reply> {
  const { label } = PERIODS[args.period];
  const since = periodStart(args.period, ctx.clock.now());
  const csv = args.format === 'csv';
  const team = await teamOf(ctx);
  const board = await loadBoard(ctx.stores, team, since, {
    limit: args.limit ?? (csv ? undefined : 5),
    // A text leaderboard may ask upstream for the few papers the store lacks; an export never does.
    ...(csv ? {} : { lookup: (id: string) => ctx.feed.paper(id) }),
  });
  if (board.rows.length === 0) {
    return reply(`No votes yet ${label}. React with ${ctx.voteEmoji} on a paper the bot posted to vote for it.`);
  }
  if (csv) {
    const name = `top-${args.period}${args.limit ? `-${args.limit}` : ''}.csv`;
    return reply(
      `This team's leaderboard ${label}: ${plural(board.rows.length, 'paper')}, ${plural(board.votes, 'vote')} from ${plural(board.voters, 'person').replace('persons', 'people')}, in ${name}.`,
      {
        file: {
          name,
          type: 'text/csv',
          content: boardCsv(
            board,
            await readingLog(
              ctx.stores,
              team,
              board.rows.map((r) => r.paperId),
            ),
          ),
        },
      },
    );
  }
  const head = `Most voted papers ${label} · ${plural(board.votes, 'vote')} from ${plural(board.voters, 'person').replace('persons', 'people')}:`;
  // Cards under the leaderboard: its first rows, as many as the platform shows in full.
  const cards = board.rows
    .slice(0, ctx.cardsPerReply)
    .flatMap((r) => (r.paper ? [toCard(r.paper, { votes: r.votes, rank: r.rank })] : []));
  return reply(`${head}\n${board.rows.map(boardLine).join('\n')}`, { cards });
}
