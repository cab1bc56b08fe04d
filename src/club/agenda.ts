/**
 * A club session's agenda: the papers claimed since the last session with their readers, and the
 * most-voted unclaimed papers of the period as candidates; after the session, what each reader
 * took away. Read from the store when asked; the words are here too.
 */
import { teamKey } from '../model.js';
import { hfPaperUrl } from '../papers/paper-id.js';
import type { ClubSchedule } from '../store/club-sessions.js';
import type { Stores } from '../store/index.js';
import type { Takeaway } from '../store/takeaway-store.js';
import { truncate } from '../text/truncate.js';
import { verbatim } from '../text/verbatim.js';
import { formatLocal } from '../time/zoned-time.js';
import { sessionBefore } from './sessions.js';

/** Candidates an agenda lists at most. */
export const AGENDA_CANDIDATES = 3;
/** Claimed papers an agenda lists at most (a message stays readable). */
const AGENDA_CLAIMED = 10;

export interface AgendaItem {
  paperId: string;
  title: string;
  /** Readers' names, first claim first (claimed papers). */
  readers: string[];
  /** Team votes (candidates). */
  votes: number;
}

export interface Agenda {
  /** The session (ms). */
  session: number;
  /** The session before it: claims and votes since then count (ms). */
  since: number;
  claimed: AgendaItem[];
  candidates: AgendaItem[];
}

/** The agenda of `session` as the store stands now. */
export async function buildAgenda(stores: Stores, schedule: ClubSchedule, session: number): Promise<Agenda> {
  const team = await stores.teams.teamOf(teamKey(schedule.channel));
  const since = sessionBefore(schedule, session);
  const open = [...(await stores.claims.claimedPapers(team)).keys()];
  const readers = await stores.claims.readersOfMany(team, open);
  const first = (i: number) => Math.min(...readers[i]!.values());
  const recent = open
    .map((paperId, i) => ({ paperId, i }))
    .filter(({ i }) => [...readers[i]!.values()].some((at) => at >= since))
    .sort((a, b) => first(a.i) - first(b.i) || a.paperId.localeCompare(b.paperId))
    .slice(0, AGENDA_CLAIMED);
  const claimedIds = new Set(open);
  const board = (await stores.votes.leaderboard(team, since))
    .filter((r) => !claimedIds.has(r.paperId))
    .slice(0, AGENDA_CANDIDATES);
  const ids = [...recent.map((r) => r.paperId), ...board.map((r) => r.paperId)];
  const papers = await stores.papers.getPapers(ids);
  const title = (id: string) => papers[ids.indexOf(id)]?.title ?? id;
  const names = await stores.claims.readerNames(team, [...new Set(recent.flatMap(({ i }) => [...readers[i]!.keys()]))]);
  return {
    session,
    since,
    claimed: recent.map(({ paperId, i }) => ({
      paperId,
      title: title(paperId),
      readers: [...readers[i]!].sort((a, b) => a[1] - b[1]).map(([r]) => names.get(r) ?? 'someone'),
      votes: 0,
    })),
    candidates: board.map((r) => ({ paperId: r.paperId, title: title(r.paperId), readers: [], votes: r.votes })),
  };
}

const line = (i: number, item: AgendaItem, tail: string) =>
  `${i + 1}. ${verbatim(truncate(item.title, 120))} — ${tail} · ${hfPaperUrl(item.paperId)}`;

/** The agenda message, as posted an hour before the session (and as `/papers club` shows it). */
export function agendaText(a: Agenda, schedule: ClubSchedule, readEmoji: string): string {
  const head = `📚 Reading club · ${formatLocal(a.session, schedule.timeZone)}`;
  const claimed = a.claimed.length
    ? [
        'Claimed since the last session:',
        ...a.claimed.map((item, i) => line(i, item, `📖 ${item.readers.map((n) => verbatim(n)).join(', ')}`)),
      ]
    : ['Nobody has claimed a paper since the last session.'];
  const candidates = a.candidates.length
    ? [
        'Candidates (most voted, not claimed yet):',
        ...a.candidates.map((item, i) => line(i, item, `${item.votes} vote${item.votes === 1 ? '' : 's'}`)),
      ]
    : [];
  const how = `React with ${readEmoji} on a paper to claim it; share what you learned with \`/papers takeaway\`.`;
  return [head, ...claimed, ...candidates, how].join('\n');
}

/** The agenda after its session: the claimed papers with what each reader took away so far. */
export function heldText(
  session: number,
  schedule: ClubSchedule,
  papers: readonly { paperId: string; title: string; takeaways: readonly Takeaway[] }[],
): string {
  const head = `📚 Reading club · ${formatLocal(session, schedule.timeZone)}\n✅ Session held — takeaways:`;
  if (papers.length === 0) return `${head} none; no paper was claimed for this session.`;
  const lines = papers.flatMap((p, i) => [
    `${i + 1}. ${verbatim(truncate(p.title, 120))} · ${hfPaperUrl(p.paperId)}`,
    ...(p.takeaways.length
      ? p.takeaways.map((t) => `   💡 ${verbatim(t.name)}: ${verbatim(truncate(t.text, 300))}`)
      : ['   (no takeaway yet)']),
  ]);
  return [head, ...lines].join('\n');
}
