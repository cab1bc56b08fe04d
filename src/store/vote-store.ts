import type { Backend, MapWrite } from './backend.js';
import type { ReactionChange, ReactionResult } from './reaction-step.js';

/** One row of a team's leaderboard. */
export interface VoteTally {
  paperId: string;
  votes: number;
  /** When the paper was first posted in the team (ms since the epoch). */
  firstPostedAt: number;
}

/**
 * Reaction votes per team (a Discord server or a Slack workspace): one vote per person per paper,
 * derived from the vote reactions that exist on the paper's messages (see reaction-step.ts).
 * Counts are kept next to the votes, updated in the same atomic step, so a leaderboard is two reads.
 */
export interface VoteStore {
  /** Applies one reaction event (added or removed); events older than one already applied change nothing. */
  react(change: ReactionChange): Promise<ReactionResult>;
  count(team: string, paperId: string): Promise<number>;
  /** Who votes for the paper, as `platform:userId`. */
  voters(team: string, paperId: string): Promise<string[]>;
  /** Records that a paper was posted in the team; the first time wins. */
  notePosted(team: string, paperId: string, at: number): Promise<void>;
  /** Papers first posted in the team at or after `since` (ms), most votes first, papers without votes left out. */
  leaderboard(team: string, since: number): Promise<VoteTally[]>;
}

const votesMap = (team: string, paperId: string) => `votes:${team}:${paperId}`;
const countsMap = (team: string) => `vote-counts:${team}`;
const postedMap = (team: string) => `team-papers:${team}`;

/** The write that records a paper's first posting in a team, for the ledger's atomic batch. */
export const postedInTeam = (team: string, paperId: string, at: number): MapWrite => ({ map: postedMap(team), field: paperId, setIfAbsent: String(at) });

export function createVoteStore(backend: Backend): VoteStore {
  return {
    react: (change) => backend.applyReaction(change),
    async count(team, paperId) {
      return Number((await backend.mapGet(countsMap(team), paperId)) ?? 0);
    },
    async voters(team, paperId) {
      return [...(await backend.mapEntries(votesMap(team, paperId))).keys()];
    },
    async notePosted(team, paperId, at) {
      await backend.batch([postedInTeam(team, paperId, at)]);
    },
    async leaderboard(team, since) {
      const [posted, counts] = await Promise.all([backend.mapEntries(postedMap(team)), backend.mapEntries(countsMap(team))]);
      const rows: VoteTally[] = [];
      for (const [paperId, n] of counts) {
        const at = posted.get(paperId);
        const votes = Number(n);
        if (at === undefined || Number(at) < since || votes <= 0) continue;
        rows.push({ paperId, votes, firstPostedAt: Number(at) });
      }
      return rows.sort((a, b) => b.votes - a.votes || b.firstPostedAt - a.firstPostedAt || a.paperId.localeCompare(b.paperId));
    },
  };
}
