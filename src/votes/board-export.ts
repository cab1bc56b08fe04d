import type { Board } from './leaderboard.js';

/** The columns of a leaderboard export, in order (CSV header and JSON keys). */
export const EXPORT_COLUMNS = ['rank', 'paper_id', 'title', 'team_votes', 'hf_upvotes', 'first_posted', 'url'] as const;

/** A CSV cell per RFC 4180; a leading `= + - @` is neutralised so spreadsheets do not run it as a formula. */
function cell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const day = (ms: number) => new Date(ms).toISOString();

/** The leaderboard as CSV, one row per ranked paper in the leaderboard's order (CRLF line ends). */
export function boardCsv(board: Board): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const r of board.rows)
    lines.push([r.rank, r.paperId, r.title, r.votes, r.upvotes, day(r.firstPostedAt), r.url].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The leaderboard as stable JSON for scripts. */
export function boardJson(board: Board, meta: { team: string; since: number }) {
  return {
    team: meta.team,
    since: meta.since > 0 ? day(meta.since) : null,
    votes: board.votes,
    voters: board.voters,
    papers: board.rows.map((r) => ({
      rank: r.rank,
      id: r.paperId,
      title: r.title || null,
      votes: r.votes,
      upvotes: r.upvotes ?? null,
      firstPosted: day(r.firstPostedAt),
      url: r.url,
    })),
  };
}
