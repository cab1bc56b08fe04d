import type { SeenPaper } from './corpus.js';

/** A paper the team liked: voted for (by `voters` people) or imported; `at` is when (ms). */
export interface Liked {
  paper: SeenPaper;
  voters: number;
  at: number;
  /** Imported or seeded rather than voted for in a channel. */
  imported?: boolean;
}

/** A paper with a time: marked not interested, or shown and left alone. */
export interface Dated {
  paper: SeenPaper;
  at: number;
}

/** What a team's taste is learnt from. */
export interface TasteHistory {
  liked: Liked[];
  notInterested: Dated[];
  /** Posted in the team and neither voted for nor marked: weak evidence against. */
  shown: Dated[];
}

/** What a team's history is read from: the stores' taste-related reads. */
export interface HistorySources {
  votes: { voted(team: string): Promise<{ paperId: string; voters: number; at: number }[]> };
  taste: {
    notInterested(team: string): Promise<{ paperId: string; voters: number; at: number }[]>;
    seeds(team: string): Promise<Map<string, { kind: 'liked' | 'not-interested'; votes: number; at: number }>>;
    shown(team: string): Promise<Map<string, number>>;
    resetAt(team: string): Promise<number>;
  };
}

/** A history's papers by id, before their records are looked up. */
export interface HistoryIds {
  liked: Map<string, { voters: number; at: number; imported: boolean }>;
  notInterested: Map<string, number>;
  shown: Map<string, number>;
}

/** Papers shown and left alone are learnt from only after a day (time to vote), and the most recent this many. */
const SHOWN_AFTER_MS = 86_400_000;
const SHOWN_MOST = 300;

/**
 * Reads what a team's taste is learnt from (in five reads): its votes and imported papers (liked),
 * its "not interested" marks and imports, and papers posted in it at least a day before `asOf`
 * that were neither; all since its last reset. A paper both liked and marked counts as liked.
 */
export async function historyIds(stores: HistorySources, team: string, asOf: number): Promise<HistoryIds> {
  const [voted, marks, seeds, posted, resetAt] = await Promise.all([
    stores.votes.voted(team),
    stores.taste.notInterested(team),
    stores.taste.seeds(team),
    stores.taste.shown(team),
    stores.taste.resetAt(team),
  ]);
  const liked = new Map<string, { voters: number; at: number; imported: boolean }>();
  for (const v of voted) if (v.at >= resetAt) liked.set(v.paperId, { voters: v.voters, at: v.at, imported: false });
  const notInterested = new Map<string, number>();
  for (const [id, s] of seeds) {
    if (s.kind === 'not-interested') notInterested.set(id, s.at);
    else if (!liked.has(id)) liked.set(id, { voters: s.votes, at: s.at, imported: true });
  }
  for (const m of marks)
    if (m.at >= resetAt) notInterested.set(m.paperId, Math.max(m.at, notInterested.get(m.paperId) ?? 0));
  for (const id of liked.keys()) notInterested.delete(id);
  const shown = new Map(
    [...posted]
      .filter(([id, at]) => at >= resetAt && at <= asOf - SHOWN_AFTER_MS && !liked.has(id) && !notInterested.has(id))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, SHOWN_MOST),
  );
  return { liked, notInterested, shown };
}
