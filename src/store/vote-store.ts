import type { Backend, MapWrite } from './backend.js';
import {
  reactionsMap,
  teamPapersMap,
  VOTE_ORDER_MAP,
  voteCountsMap,
  voterCountsMap,
  voterVotesMap,
  votesMap,
} from './keys.js';
import {
  CLEARED,
  messageOfReaction,
  parseReactionRow,
  type ReactionChange,
  type ReactionResult,
} from './reaction-step.js';

/** Every vote reaction on one message of a paper going away at once (all emoji, or one). */
export interface ReactionClear {
  team: string;
  paperId: string;
  /** The message, as formatMessageRef writes it. */
  message: string;
  /** Only this emoji's reactions (as in ReactionChange's `reaction`); every emoji when absent. */
  emoji?: string;
  /** The clear's event order, compared with the reactions' own (see reaction-step.ts). */
  order: number;
  /** When it happened (ms since the epoch). */
  at: number;
}

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
  /**
   * Takes away the message's reactions (or one emoji's) older than the clear, each as a removal in
   * the clear's order, after recording the clear so that an older add arriving later is stale.
   * Safe to repeat and to run out of order with the reactions. Answers how many votes went away.
   */
  clear(c: ReactionClear): Promise<{ removed: number }>;
  /** A number one above every one this store answered before: a process start's epoch of event orders. */
  nextOrderEpoch(): Promise<number>;
  count(team: string, paperId: string): Promise<number>;
  /** Several papers' counts in one round trip, in the order asked. */
  counts(team: string, paperIds: readonly string[]): Promise<number[]>;
  /** Who votes for the paper, as `platform:userId`. */
  voters(team: string, paperId: string): Promise<string[]>;
  /** Records that a paper was posted in the team; the first time wins. */
  notePosted(team: string, paperId: string, at: number): Promise<void>;
  /** Papers first posted in the team at or after `since` (ms), most votes first, papers without votes left out. */
  leaderboard(team: string, since: number): Promise<VoteTally[]>;
  /**
   * The papers with the most votes in the team, all time: those reaching the `limit`-th count (so
   * every tie at the cut), most first, ranked by the store (one round trip); with the number of
   * voted papers and of votes. `firstPostedAt` is 0, for the caller to fill in (`postedAt`).
   */
  topCounts(team: string, limit: number): Promise<{ tallies: VoteTally[]; papers: number; votes: number }>;
  /** Each voter's number of votes in the team (`platform:userId` → votes), kept with the votes. */
  voterTotals(team: string): Promise<Map<string, number>>;
  /** The papers `voter` votes for in the team, paper → when the vote was cast (ms). */
  votesOf(team: string, voter: string): Promise<Map<string, number>>;
  /** Who votes for each of the papers (one round trip), in the order asked. */
  votersOfMany(team: string, paperIds: readonly string[]): Promise<string[][]>;
  /** When each paper was first posted in the team (ms), where it was. */
  postedAt(team: string, paperIds: readonly string[]): Promise<(number | undefined)[]>;
  /** Every paper with votes in the team, with its number of voters and when the latest vote was cast (ms): two round trips. */
  voted(team: string): Promise<{ paperId: string; voters: number; at: number }[]>;
}

/** A reaction row's field, `identity|reaction`, in its two parts (identities hold no `|`). */
const splitField = (field: string): [string, string] => {
  const sep = field.indexOf('|');
  return [field.slice(0, sep), field.slice(sep + 1)];
};
const numbers = (m: Map<string, string>) => new Map([...m].map(([k, v]) => [k, Number(v)]));

/** The write that records a paper's first posting in a team, for the ledger's atomic batch. */
export const postedInTeam = (team: string, paperId: string, at: number): MapWrite => ({
  map: teamPapersMap(team),
  field: paperId,
  setIfAbsent: String(at),
});

/** Where nextOrderEpoch counts. */
const ORDER_EPOCH = { map: VOTE_ORDER_MAP, field: 'epoch' };

export function createVoteStore(backend: Backend): VoteStore {
  return {
    react: (change) => backend.applyReaction(change),
    async clear(c) {
      const scope = c.emoji === undefined ? c.message : `${c.message}:${c.emoji}`;
      const removal = { team: c.team, paperId: c.paperId, present: false, order: c.order, at: c.at };
      // First the clear's own row, in the same atomic step as any add, so an add that reads it is stale
      // and one that ran before it has its row in place for the read below.
      await backend.applyReaction({ ...removal, identity: CLEARED, reaction: scope });
      const rows = [...(await backend.mapEntries(reactionsMap(c.team, c.paperId)))].filter(([field, raw]) => {
        const [identity, reaction] = splitField(field);
        if (
          identity === CLEARED ||
          (c.emoji === undefined ? messageOfReaction(reaction) !== c.message : reaction !== scope)
        )
          return false;
        const row = parseReactionRow(raw, identity);
        return row !== undefined && row.present && row.order < c.order;
      });
      const results = await Promise.all(
        rows.map(([field]) => {
          const [identity, reaction] = splitField(field);
          return backend.applyReaction({ ...removal, identity, reaction });
        }),
      );
      return { removed: results.filter((r) => r.voteDelta === -1).length };
    },
    async nextOrderEpoch() {
      // Compare-and-set: two processes starting at once get two epochs. Starts are rare, so a few tries suffice.
      for (let attempt = 0; attempt < 50; attempt++) {
        const current = await backend.mapGet(ORDER_EPOCH.map, ORDER_EPOCH.field);
        const next = String(Number(current ?? 0) + 1);
        if (await backend.mapCompareAndSet(ORDER_EPOCH.map, ORDER_EPOCH.field, current, next)) return Number(next);
      }
      throw new Error('could not take an event order epoch: the store kept changing it');
    },
    async count(team, paperId) {
      return Number((await backend.mapGet(voteCountsMap(team), paperId)) ?? 0);
    },
    async counts(team, paperIds) {
      return (await backend.mapGetMany(voteCountsMap(team), paperIds)).map((v) => Number(v ?? 0));
    },
    async voters(team, paperId) {
      return [...(await backend.mapEntries(votesMap(team, paperId))).keys()];
    },
    async notePosted(team, paperId, at) {
      await backend.batch([postedInTeam(team, paperId, at)]);
    },
    async leaderboard(team, since) {
      const [posted, counts] = await Promise.all([
        backend.mapEntries(teamPapersMap(team)),
        backend.mapEntries(voteCountsMap(team)),
      ]);
      const rows: VoteTally[] = [];
      for (const [paperId, n] of counts) {
        const at = posted.get(paperId);
        const votes = Number(n);
        if (at === undefined || Number(at) < since || votes <= 0) continue;
        rows.push({ paperId, votes, firstPostedAt: Number(at) });
      }
      return rows.sort(
        (a, b) => b.votes - a.votes || b.firstPostedAt - a.firstPostedAt || a.paperId.localeCompare(b.paperId),
      );
    },
    async topCounts(team, limit) {
      const r = await backend.mapTopNumbers(voteCountsMap(team), limit);
      return {
        tallies: r.top.map(([paperId, votes]) => ({ paperId, votes, firstPostedAt: 0 })),
        papers: r.count,
        votes: r.sum,
      };
    },
    async voterTotals(team) {
      return new Map([...numbers(await backend.mapEntries(voterCountsMap(team)))].filter(([, n]) => n > 0));
    },
    async votesOf(team, voter) {
      return numbers(await backend.mapEntries(voterVotesMap(team, voter)));
    },
    async votersOfMany(team, paperIds) {
      return (await backend.mapEntriesMany(paperIds.map((id) => votesMap(team, id)))).map((m) => [...m.keys()]);
    },
    async voted(team) {
      const ids = [...(await backend.mapEntries(voteCountsMap(team)))]
        .filter(([, n]) => Number(n) > 0)
        .map(([id]) => id);
      const voters = await backend.mapEntriesMany(ids.map((id) => votesMap(team, id)));
      return ids.flatMap((paperId, i) => {
        const times = [...voters[i]!.values()].map(Number);
        return times.length ? [{ paperId, voters: times.length, at: Math.max(...times) }] : [];
      });
    },
    async postedAt(team, paperIds) {
      return (await backend.mapGetMany(teamPapersMap(team), paperIds)).map((v) =>
        v === undefined ? undefined : Number(v),
      );
    },
  };
}
