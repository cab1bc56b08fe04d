import type { Backend } from './backend.js';

/** One row of a team's leaderboard. */
export interface VoteTally {
  paperId: string;
  votes: number;
  /** When the paper was first posted in the team (ms since the epoch). */
  firstPostedAt: number;
}

/**
 * Reaction votes per team (a Discord server or a Slack workspace). A voter counts once per paper
 * however often the platform delivers the reaction; adding and removing are atomic per voter.
 */
export interface VoteStore {
  /** True when this added the vote; false when the voter had already voted. */
  add(team: string, paperId: string, voter: string, at: number): Promise<boolean>;
  /** True when there was a vote to remove. */
  remove(team: string, paperId: string, voter: string): Promise<boolean>;
  count(team: string, paperId: string): Promise<number>;
  /** Records that a paper was posted in the team; the first time wins. */
  notePosted(team: string, paperId: string, at: number): Promise<void>;
  /** Papers first posted in the team at or after `since` (ms), most votes first, papers without votes left out. */
  leaderboard(team: string, since: number): Promise<VoteTally[]>;
}

const votesMap = (team: string, paperId: string) => `votes:${team}:${paperId}`;
const postedMap = (team: string) => `team-papers:${team}`;

export function createVoteStore(backend: Backend): VoteStore {
  return {
    add: (team, paperId, voter, at) => backend.mapSetIfAbsent(votesMap(team, paperId), voter, String(at)),
    remove: (team, paperId, voter) => backend.mapDelete(votesMap(team, paperId), voter),
    async count(team, paperId) {
      return (await backend.mapEntries(votesMap(team, paperId))).size;
    },
    async notePosted(team, paperId, at) {
      await backend.mapSetIfAbsent(postedMap(team), paperId, String(at));
    },
    async leaderboard(team, since) {
      const posted = await backend.mapEntries(postedMap(team));
      const rows: VoteTally[] = [];
      for (const [paperId, at] of posted) {
        const firstPostedAt = Number(at);
        if (firstPostedAt < since) continue;
        const votes = (await backend.mapEntries(votesMap(team, paperId))).size;
        if (votes > 0) rows.push({ paperId, votes, firstPostedAt });
      }
      return rows.sort((a, b) => b.votes - a.votes || b.firstPostedAt - a.firstPostedAt || a.paperId.localeCompare(b.paperId));
    },
  };
}
