import type { Stores } from '../store/index.js';

/**
 * Votes counted per person. A vote stays under the voter that cast it: an account, or the person
 * its accounts were linked into (`/papers account link`). Votes an account cast before its link
 * therefore stay under the account; these fold them into the person for "my votes" and "who votes most".
 */

/** Per-voter totals as per-person totals: `personOf` maps a voter to its person (absent: itself). */
export function foldByPerson(
  totals: ReadonlyMap<string, number>,
  personOf: ReadonlyMap<string, string>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [voter, n] of totals) {
    const person = personOf.get(voter) ?? voter;
    out.set(person, (out.get(person) ?? 0) + n);
  }
  return out;
}

/** Several voters' votes (paper → when, ms) as one: each paper once, at its earliest vote. */
export function earliestVotes(votes: readonly ReadonlyMap<string, number>[]): Map<string, number> {
  const merged = new Map<string, number>();
  for (const list of votes)
    for (const [paperId, at] of list) merged.set(paperId, Math.min(at, merged.get(paperId) ?? Infinity));
  return merged;
}

/** Who votes most: people by votes, most first, ties by id so the order is the same everywhere. */
export function rankPeople(totals: ReadonlyMap<string, number>): [person: string, votes: number][] {
  return [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Votes (paper → when, ms) cast at `since` or later, most recent first, ties by paper id. */
export function votesSince(votes: ReadonlyMap<string, number>, since: number): [paperId: string, at: number][] {
  return [...votes].filter(([, at]) => at >= since).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * A person's votes in a team, paper → when (ms): as their linked person, and as each of their
 * accounts (votes cast before the link stay under the account).
 */
export async function votesOfPerson(stores: Stores, team: string, identity: string): Promise<Map<string, number>> {
  const voter = await stores.teams.voterOf(identity);
  const voters = voter === identity ? [voter] : [voter, ...(await stores.teams.identitiesOf(voter))];
  return earliestVotes(await Promise.all(voters.map((v) => stores.votes.votesOf(team, v))));
}

/**
 * Votes per person in a team since `since` (ms; 0 for all time). All time reads the per-voter
 * counts kept with the votes (one read); a period counts votes on the papers posted in it (two reads).
 */
export async function votesPerPerson(stores: Stores, team: string, since: number): Promise<Map<string, number>> {
  let totals: Map<string, number>;
  if (since <= 0) totals = await stores.votes.voterTotals(team);
  else {
    const papers = (await stores.votes.leaderboard(team, since)).map((t) => t.paperId);
    totals = new Map();
    for (const voters of await stores.votes.votersOfMany(team, papers))
      for (const v of voters) totals.set(v, (totals.get(v) ?? 0) + 1);
  }
  const voters = [...totals.keys()];
  const people = await stores.teams.peopleOf(voters);
  return foldByPerson(totals, new Map(voters.map((v, i) => [v, people[i]!])));
}
