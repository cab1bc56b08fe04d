import type { Stores } from '../../src/store/index.js';
import { makePaper } from './papers.js';
import { seeded } from './store-faults.js';

const DAY_MS = 86_400_000;

/** What a seeded history should show: each paper's voters, when it was posted, its HF upvotes. */
export interface VoteTruth {
  team: string;
  papers: { id: string; postedAt: number; upvotes: number; title: string; voters: Set<string> }[];
  /** Each voter's votes: paper → time of the add that stands. */
  byVoter: Map<string, Map<string, number>>;
}

/**
 * Seeds a team's history on real stores: `paperCount` papers posted over the 400 days before
 * `now`, HF upvotes chosen so vote ties need the tie-break, and random adds and removes by
 * `voters` people (some on two messages of the same paper). Returns the replayed truth.
 */
export async function seedHistory(
  stores: Stores,
  o: { team: string; now: number; paperCount: number; voters: string[]; events: number; seed: number },
): Promise<VoteTruth> {
  const random = seeded(o.seed);
  const papers = Array.from({ length: o.paperCount }, (_, i) => ({
    id: `2601.${String(i).padStart(5, '0')}`,
    postedAt: o.now - Math.floor(random() * 400 * DAY_MS),
    upvotes: Math.floor(random() * 4) * 10,
    title: `Seeded paper ${i}`,
    voters: new Set<string>(),
  }));
  await stores.papers.remember(papers.map((p) => makePaper({ id: p.id, title: p.title, upvotes: p.upvotes })));
  for (const p of papers) await stores.votes.notePosted(o.team, p.id, p.postedAt);
  const reactions = new Map<string, boolean>(); // voter|paper|message → present
  const byVoter = new Map<string, Map<string, number>>();
  for (let e = 1; e <= o.events; e++) {
    const voter = o.voters[Math.floor(random() * o.voters.length)]!;
    const p = papers[Math.floor(random() * (random() < 0.5 ? Math.min(5, papers.length) : papers.length))]!;
    const message = random() < 0.8 ? 'm1' : 'm2';
    const present = random() < 0.7;
    const at = o.now - Math.floor(random() * 60 * DAY_MS);
    await stores.votes.react({
      team: o.team,
      paperId: p.id,
      identity: voter,
      reaction: `${p.id}:${message}:👍`,
      present,
      order: e,
      at,
    });
    reactions.set(`${voter}|${p.id}|${message}`, present);
    const stands = reactions.get(`${voter}|${p.id}|m1`) || reactions.get(`${voter}|${p.id}|m2`);
    const mine = byVoter.get(voter) ?? new Map<string, number>();
    byVoter.set(voter, mine);
    if (stands && !p.voters.has(voter)) mine.set(p.id, at);
    if (stands) p.voters.add(voter);
    else {
      p.voters.delete(voter);
      mine.delete(p.id);
    }
  }
  return { team: o.team, papers, byVoter };
}

/** The leaderboard the truth implies: votes, then HF upvotes, then the later posting, then the id. */
export function expectedBoard(truth: VoteTruth, since: number, limit?: number) {
  const rows = truth.papers
    .filter((p) => p.postedAt >= since && p.voters.size > 0)
    .sort(
      (a, b) =>
        b.voters.size - a.voters.size || b.upvotes - a.upvotes || b.postedAt - a.postedAt || a.id.localeCompare(b.id),
    );
  return rows
    .slice(0, limit ?? rows.length)
    .map((p, i) => ({ rank: i + 1, id: p.id, votes: p.voters.size, upvotes: p.upvotes, title: p.title }));
}

/** Each voter's votes on papers posted since `since`. */
export function expectedVoterTotals(truth: VoteTruth, since: number): Map<string, number> {
  const totals = new Map<string, number>();
  for (const p of truth.papers)
    if (p.postedAt >= since) for (const v of p.voters) totals.set(v, (totals.get(v) ?? 0) + 1);
  return totals;
}
