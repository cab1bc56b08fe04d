import type { Board } from './leaderboard.js';

/** The columns of a leaderboard export, in order (CSV header and JSON keys); the reading log's two last. */
export const EXPORT_COLUMNS = [
  'rank',
  'paper_id',
  'title',
  'team_votes',
  'hf_upvotes',
  'first_posted',
  'url',
  'readers',
  'takeaways',
] as const;

/** A paper's reading log (src/club/reading-log.ts): who reads it, and what each took away. */
export interface PaperReading {
  readers: readonly string[];
  takeaways: readonly { name: string; text: string }[];
}

/** A CSV cell per RFC 4180; a leading `= + - @` is neutralised so spreadsheets do not run it as a formula. */
function cell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const day = (ms: number) => new Date(ms).toISOString();

/**
 * The leaderboard as CSV, one row per ranked paper in the leaderboard's order (CRLF line ends).
 * `readers` are names joined by `; `, `takeaways` are `Name: text` joined by ` | `.
 */
export function boardCsv(board: Board, reading: ReadonlyMap<string, PaperReading> = new Map()): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const r of board.rows) {
    const log = reading.get(r.paperId);
    const readers = log?.readers.join('; ') ?? '';
    const takeaways = log?.takeaways.map((t) => `${t.name}: ${t.text}`).join(' | ') ?? '';
    lines.push(
      [r.rank, r.paperId, r.title, r.votes, r.upvotes, day(r.firstPostedAt), r.url, readers, takeaways]
        .map(cell)
        .join(','),
    );
  }
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
