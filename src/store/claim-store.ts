import type { Backend } from './backend.js';
import { readerNamesMap, readingTeam, reactionsMap, voteCountsMap, voterVotesMap, votesMap } from './keys.js';
import {
  CLEARED,
  messageOfReaction,
  parseReactionRow,
  type ReactionChange,
  type ReactionResult,
} from './reaction-step.js';
import { createVoteStore, type ReactionClear } from './vote-store.js';

/** One reaction that stands behind a claim: who reacted, on which message (`platform:channel:message`). */
export interface ClaimReaction {
  /** `platform:userId`: the account that reacted. */
  identity: string;
  /** The reader it counts for: the identity, or its linked person. */
  reader: string;
  message: string;
}

/**
 * 📖 claims: "I'll read it", once per reader per paper per team, kept exactly as votes are. A claim
 * is a vote in the team's reading namespace (`readingTeam` in keys.ts): the same reaction rows with
 * their event orders, the same atomic step on every backend (reaction-step.ts), so redelivered and
 * reordered events change nothing and a reader linked across platforms claims once. The claim's
 * time is the vote's; withdrawing takes it away, claiming again starts a new claim.
 */
export interface ClaimStore {
  /** Applies one 📖 reaction event (`team` is the paper's team, as for a vote). */
  react(change: ReactionChange): Promise<ReactionResult>;
  /** A message's 📖 reactions going away at once (see VoteStore.clear); answers how many claims went away. */
  clear(c: ReactionClear): Promise<{ removed: number }>;
  /** Who reads the paper, reader → when they claimed it (ms). */
  readers(team: string, paperId: string): Promise<Map<string, number>>;
  /** Readers of several papers in one round trip, in the order asked. */
  readersOfMany(team: string, paperIds: readonly string[]): Promise<Map<string, number>[]>;
  /** Papers with at least one reader, paper → how many. */
  claimedPapers(team: string): Promise<Map<string, number>>;
  /** The papers `reader` claims, paper → when (ms). */
  claimsOf(team: string, reader: string): Promise<Map<string, number>>;
  /** The 📖 reactions standing behind the paper's claims (which account, on which message). */
  reactions(team: string, paperId: string): Promise<ClaimReaction[]>;
  /** Records the name a reader goes by in the team (plain text, for cards and agendas). */
  nameReader(team: string, reader: string, name: string): Promise<void>;
  /** The names readers were last seen under; readers never named are left out. */
  readerNames(team: string, readers: readonly string[]): Promise<Map<string, string>>;
  /** The names of the paper's readers, first claim first (a card's "📖 … reading" line); `someone` for one never named. */
  namesReading(team: string, paperId: string): Promise<string[]>;
}

const numbers = (m: Map<string, string>) => new Map([...m].map(([k, v]) => [k, Number(v)]));

export function createClaimStore(backend: Backend): ClaimStore {
  const votes = createVoteStore(backend);
  const store: ClaimStore = {
    react: (change) => votes.react({ ...change, team: readingTeam(change.team) }),
    clear: (c) => votes.clear({ ...c, team: readingTeam(c.team) }),
    async readers(team, paperId) {
      return numbers(await backend.mapEntries(votesMap(readingTeam(team), paperId)));
    },
    async readersOfMany(team, paperIds) {
      return (await backend.mapEntriesMany(paperIds.map((id) => votesMap(readingTeam(team), id)))).map(numbers);
    },
    async claimedPapers(team) {
      const counts = numbers(await backend.mapEntries(voteCountsMap(readingTeam(team))));
      return new Map([...counts].filter(([, n]) => n > 0));
    },
    async claimsOf(team, reader) {
      return numbers(await backend.mapEntries(voterVotesMap(readingTeam(team), reader)));
    },
    async reactions(team, paperId) {
      const out: ClaimReaction[] = [];
      for (const [field, raw] of await backend.mapEntries(reactionsMap(readingTeam(team), paperId))) {
        const sep = field.indexOf('|');
        const identity = field.slice(0, sep);
        if (identity === CLEARED) continue;
        const row = parseReactionRow(raw, identity);
        if (row?.present) out.push({ identity, reader: row.voter, message: messageOfReaction(field.slice(sep + 1)) });
      }
      return out;
    },
    async nameReader(team, reader, name) {
      await backend.mapSet(readerNamesMap(team), reader, name);
    },
    async readerNames(team, readers) {
      if (readers.length === 0) return new Map();
      const names = await backend.mapGetMany(readerNamesMap(team), readers);
      return new Map(readers.flatMap((r, i) => (names[i] ? [[r, names[i]] as const] : [])));
    },
    async namesReading(team, paperId) {
      const readers = [...(await store.readers(team, paperId))].sort((a, b) => a[1] - b[1]).map(([r]) => r);
      const names = await store.readerNames(team, readers);
      return readers.map((r) => names.get(r) ?? 'someone');
    },
  };
  return store;
}
