import { parseArgs } from 'node:util';
import { boardCsv, boardJson } from '../../src/votes/board-export.js';
import { readingLog } from '../../src/club/reading-log.js';
import { isValidDay } from '../../src/time/dates.js';
import { UserError } from '../../src/errors.js';
import { loadBoard } from '../../src/votes/leaderboard.js';
import type { Services } from '../bot/services.js';
import type { Io } from './io.js';

/**
 * `paperfeed top --team platform:teamId [--since YYYY-MM-DD] [--limit N] [--json|--csv]`: a team's
 * leaderboard from the store, the same rows and order as `/papers top` (papers first posted in the
 * team on or after `--since`, UTC), for teams that keep a reading log. Reads the store only: papers
 * whose details were never fetched have an empty title.
 */
export async function top(args: string[], services: Services, io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      team: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
    },
    strict: true,
  });
  const team = values.team ?? '';
  if (!/^(discord|slack):[\w-]+$/.test(team))
    throw new UserError('--team must be platform:teamId, e.g. discord:123456789012345678 or slack:T0123ABCD');
  if (values.since !== undefined && !isValidDay(values.since))
    throw new UserError(`--since must be a calendar date written YYYY-MM-DD, not "${values.since}"`);
  if (values.json && values.csv) throw new UserError('choose one of --json and --csv');
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new UserError('--limit must be a whole number from 1');
  const since = values.since ? Date.parse(`${values.since}T00:00:00Z`) : 0;
  const board = await loadBoard(services.stores, team, since, { limit });
  const reading = () =>
    readingLog(
      services.stores,
      team,
      board.rows.map((r) => r.paperId),
    );
  if (values.csv) io.out(boardCsv(board, await reading()).replace(/\r\n$/, ''));
  else if (values.json) io.out(JSON.stringify(boardJson(board, { team, since }), null, 2));
  else if (board.rows.length === 0)
    io.out(`No votes in ${team}${values.since ? ` on papers posted since ${values.since}` : ''}.`);
  else {
    io.out(
      `${board.votes} votes from ${board.voters} people on ${board.papers} papers${values.since ? ` posted since ${values.since}` : ''}:`,
    );
    for (const r of board.rows)
      io.out(
        `${String(r.rank).padStart(3)}. ${String(r.votes).padStart(4)} votes  ▲ ${String(r.upvotes ?? '?').padStart(4)}  ${r.paperId}  ${r.title}`,
      );
  }
  return 0;
}
