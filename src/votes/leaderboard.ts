import type { Paper } from '../model.js';
import { hfPaperUrl } from '../papers/paper-id.js';
import type { Stores } from '../store/index.js';
import type { VoteTally } from '../store/vote-store.js';

/** One ranked paper of a team's leaderboard. */
export interface BoardRow {
  rank: number;
  paperId: string;
  /** Empty when the paper's details are not known (never fetched). */
  title: string;
  /** Team votes: one per person (so also the number of people who voted for it). */
  votes: number;
  /** Hugging Face upvotes as last fetched; undefined when unknown. */
  upvotes: number | undefined;
  /** When the paper was first posted in the team (ms). */
  firstPostedAt: number;
  url: string;
  paper?: Paper;
}

/** A team's leaderboard for a period: the rows asked for, and the totals over every voted paper. */
export interface Board {
  rows: BoardRow[];
  /** Votes on papers posted in the period. */
  votes: number;
  /** Papers posted in the period with at least one vote. */
  papers: number;
  /** Distinct people among those votes. */
  voters: number;
}

/**
 * Ranks tallies: team votes first, ties broken by HF upvotes (unknown counts as 0), then the
 * more recently posted paper, then the id, so the order is total and the same everywhere.
 */
export function rankTallies(
  tallies: readonly VoteTally[],
  upvotes: ReadonlyMap<string, number | undefined>,
): VoteTally[] {
  const up = (id: string) => upvotes.get(id) ?? 0;
  return [...tallies].sort(
    (a, b) =>
      b.votes - a.votes ||
      up(b.paperId) - up(a.paperId) ||
      b.firstPostedAt - a.firstPostedAt ||
      a.paperId.localeCompare(b.paperId),
  );
}

/** The tallies that can reach the first `limit` places: everything above the cut and every tie at it. */
export function candidatesAtCut(sortedByVotes: readonly VoteTally[], limit: number): VoteTally[] {
  if (sortedByVotes.length <= limit) return [...sortedByVotes];
  const cut = sortedByVotes[limit - 1]!.votes;
  return sortedByVotes.filter((t) => t.votes >= cut);
}

export interface BoardOptions {
  /** Rows wanted; all voted papers when undefined (exports). */
  limit?: number;
  /** Looks up a paper the store does not have (the feed); asked only for shown rows, at most `lookupMax`. */
  lookup?: (paperId: string) => Promise<Paper | undefined>;
  lookupMax?: number;
}

/** How many people the voters are: linked accounts and their person count once. */
const countPeople = async (stores: Stores, voters: string[]) => new Set(await stores.teams.peopleOf(voters)).size;

/**
 * A team's leaderboard for papers first posted at or after `since` (ms), in a few store round
 * trips whatever the team's history. All time: the top counts, ranked by the store with the ties
 * at the cut, and the voters' totals (one read each, at once), then details and first-posted times
 * for those rows (one read each, at once). A period also reads the first-posted map to filter, and the voter maps of
 * its voted papers (one read) to count distinct people. Never one round trip per paper.
 */
export async function loadBoard(
  stores: Stores,
  team: string,
  since: number,
  options: BoardOptions = {},
): Promise<Board> {
  const allTime = since <= 0;
  const limit = options.limit ?? 1e9;
  let candidates: VoteTally[];
  let totals: { papers: number; votes: number };
  let distinct: Promise<number>;
  if (allTime) {
    const [top, voters] = await Promise.all([stores.votes.topCounts(team, limit), stores.votes.voterTotals(team)]);
    candidates = top.tallies;
    totals = top;
    distinct = countPeople(stores, [...voters.keys()]);
  } else {
    const tallies = await stores.votes.leaderboard(team, since);
    candidates = candidatesAtCut(tallies, Math.max(1, Math.min(limit, tallies.length)));
    totals = { papers: tallies.length, votes: tallies.reduce((n, t) => n + t.votes, 0) };
    distinct = stores.votes
      .votersOfMany(
        team,
        tallies.map((t) => t.paperId),
      )
      .then((lists) => countPeople(stores, [...new Set(lists.flat())]));
  }
  const ids = candidates.map((t) => t.paperId);
  const [papers, voters, posted] = await Promise.all([
    stores.papers.getPapers(ids),
    distinct,
    allTime ? stores.votes.postedAt(team, ids) : undefined,
  ]);
  if (posted) candidates.forEach((t, i) => (t.firstPostedAt = posted[i] ?? 0));
  const known = new Map<string, Paper | undefined>(candidates.map((t, i) => [t.paperId, papers[i]]));
  const upvotes = new Map(candidates.map((t) => [t.paperId, known.get(t.paperId)?.upvotes]));
  const ranked = rankTallies(candidates, upvotes).slice(0, limit);
  if (options.lookup) {
    const missing = ranked.filter((t) => !known.get(t.paperId)).slice(0, options.lookupMax ?? 10);
    const found = await Promise.all(missing.map((t) => options.lookup!(t.paperId).catch(() => undefined)));
    missing.forEach((t, i) => known.set(t.paperId, found[i]));
  }
  const rows = ranked.map((t, i): BoardRow => {
    const p = known.get(t.paperId);
    return {
      rank: i + 1,
      paperId: t.paperId,
      title: p?.title ?? '',
      votes: t.votes,
      upvotes: p?.upvotes,
      firstPostedAt: t.firstPostedAt,
      url: hfPaperUrl(t.paperId),
      ...(p ? { paper: p } : {}),
    };
  });
  return { rows, votes: totals.votes, papers: totals.papers, voters };
}
