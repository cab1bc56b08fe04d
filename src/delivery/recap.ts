/**
 * The weekly recap's content and its record on the subscription. The text is fixed in the
 * delivery intent before anything is posted, so a resumed recap posts exactly what was planned,
 * whatever votes arrived in between.
 */
import type { Clock } from '../ports/clock.js';
import { dayInZone, longDay } from '../time/dates.js';
import type { Feed } from '../papers/feed.js';
import type { ChannelRef } from '../model.js';
import { hfPaperUrl } from '../papers/paper-id.js';
import { teamOf } from '../votes/team-board.js';
import type { Stores } from '../store/index.js';
import type { DeliveryIntent } from '../store/ledger.js';
import { truncate } from '../text/truncate.js';
import { verbatim } from '../text/verbatim.js';
import { link } from '../text/rich.js';

/** Papers a recap lists at most. */
export const RECAP_SIZE = 5;
/** The window a recap covers (ms): papers first posted in the team in the 7 days before its slot. */
export const RECAP_WINDOW_MS = 7 * 86_400_000;

export interface RecapRequest {
  channel: ChannelRef;
  /** The feed whose recap setting this is; the ledger key is the channel's (one recap per channel and week). */
  feed?: string;
  /** ISO week, `2026-W24`. */
  week: string;
  /** The recap's scheduled instant (ms): the window ends here. */
  slot: number;
  timeZone: string;
  /** `schedule`, or who asked. */
  by: string;
  signal?: AbortSignal;
}

/** One line of a recap: a paper, its team votes and a link. */
export interface RecapRow {
  paperId: string;
  title: string;
  votes: number;
  /** What readers took away from it this week (reading club), oldest first. */
  takeaways?: readonly { name: string; text: string }[];
}

/** A recap's quote of one takeaway under its paper: `   💡 Ana: the speedup comes from …`. */
const quote = (t: { name: string; text: string }) => `   💡 ${verbatim(t.name)}: ${verbatim(truncate(t.text, 200))}`;

/**
 * The recap message. `rows` ranked, most votes first, each title linked to its paper (a link with a
 * label: no platform unfurls it into a preview); none gives the "nobody voted" line.
 */
export function recapText(week: string, endDay: string, rows: readonly RecapRow[], voteEmoji: string): string {
  const head = `🏆 This week's most-voted papers in this team · week ${Number(week.slice(6))}, to ${longDay(endDay)}`;
  if (rows.length === 0) return `${head}\nNobody voted this week — react with ${voteEmoji} on a paper to vote.`;
  const lines = rows.flatMap((r, i) => [
    `${i + 1}. ${link(hfPaperUrl(r.paperId), verbatim(truncate(r.title, 150)))} — ${r.votes} vote${r.votes === 1 ? '' : 's'}`,
    ...(r.takeaways ?? []).map(quote),
  ]);
  return [head, ...lines].join('\n');
}

/** What a recap will post, from the team's votes as they stand now. */
export async function recapIntent(
  deps: { stores: Stores; feed: Feed; clock: Clock; voteEmoji: string },
  req: RecapRequest,
  day: string,
): Promise<DeliveryIntent> {
  // A linked team's recap counts the votes of every platform in it.
  const team = await teamOf({ stores: deps.stores, channel: req.channel });
  const board = (await deps.stores.votes.leaderboard(team, req.slot - RECAP_WINDOW_MS)).slice(0, RECAP_SIZE);
  const rows: RecapRow[] = [];
  // The week's takeaways, quoted under their papers.
  const since = req.slot - RECAP_WINDOW_MS;
  const takeaways = await deps.stores.takeaways.ofMany(
    team,
    board.map((r) => r.paperId),
  );
  for (const [i, row] of board.entries()) {
    const paper =
      (await deps.stores.papers.getPaper(row.paperId)) ?? (await deps.feed.paper(row.paperId).catch(() => undefined));
    const week = (takeaways[i] ?? []).filter((t) => t.at >= since && t.at <= req.slot);
    rows.push({ paperId: row.paperId, title: paper?.title ?? row.paperId, votes: row.votes, takeaways: week });
  }
  const header = recapText(req.week, dayInZone(req.slot, req.timeZone), rows, deps.voteEmoji);
  return { day, team, kind: 'recap', paperIds: [], header, createdAt: deps.clock.now(), by: req.by };
}

/** Records a recap's outcome on its feed: a delivered week is never due again; a failure waits before a retry. */
export async function recordRecap(
  stores: Stores,
  clock: Clock,
  req: RecapRequest,
  status: 'posted' | 'failed',
  detail?: string,
): Promise<void> {
  const at = new Date(clock.now()).toISOString();
  await stores.subscriptions.update(
    req.channel,
    (sub) => {
      if (!sub) return sub;
      const lastRecap = { week: req.week, at, status, ...(detail ? { detail } : {}) };
      if (status === 'failed') return { ...sub, lastRecap };
      const later = !sub.lastRecapWeek || sub.lastRecapWeek < req.week;
      return later ? { ...sub, lastRecapWeek: req.week, lastRecap } : sub;
    },
    req.feed,
  );
}
