import { teamKey } from '../model.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { Backend, MapWrite } from './backend.js';
import {
  MIGRATIONS_MAP,
  SUBSCRIPTIONS_MAP,
  TEAM_LINKS_MAP,
  voterCountsMap,
  voterTeamsMap,
  voterVotesMap,
  VOTER_TEAMS_MIGRATION,
} from './keys.js';

/**
 * Where each voter votes: the teams (a channel's team, a linked team, a person's own feed) an
 * account or a linked person voted in, noted with each vote. It is how a person's votes from
 * every channel are read without reading every team's (a person's own feed is ranked by them).
 */
export interface VoterTeams {
  /** Notes that `voter` voted in `team`; the first note stays. */
  note(voter: string, team: string, at: number): Promise<void>;
  /** The teams any of `voters` voted in (each once, sorted). */
  teamsOf(voters: readonly string[]): Promise<string[]>;
  /** Each (team, voter)'s votes, paper → when (ms), in the order asked, in one round trip. */
  votesOfMany(pairs: readonly { team: string; voter: string }[]): Promise<Map<string, number>[]>;
}

/** Index entries written per batch while noting the teams of votes cast before the index (bounded statements). */
const MIGRATION_BATCH = 500;

export function createVoterTeams(backend: Backend): VoterTeams {
  const ready = migrateOnce(backend);
  return {
    async note(voter, team, at) {
      await backend.mapSetIfAbsent(voterTeamsMap(voter), team, String(at));
    },
    async teamsOf(voters) {
      await ready();
      const maps = await backend.mapEntriesMany(voters.map(voterTeamsMap));
      return [...new Set(maps.flatMap((m) => [...m.keys()]))].sort();
    },
    async votesOfMany(pairs) {
      const maps = await backend.mapEntriesMany(pairs.map((p) => voterVotesMap(p.team, p.voter)));
      return maps.map((m) => new Map([...m].map(([paperId, at]) => [paperId, Number(at)])));
    },
  };
}

/**
 * Notes, once per store, the teams of votes cast before votes noted their team: every team of a
 * subscription (its linked team, if linked) and each voter it counts (`voterCountsMap`). Teams
 * no subscription names any more are not found; their votes count again from the voter's next
 * vote there. Entries already noted are kept, so instances doing it at once agree. A failure (the
 * store down) is tried again at the next read.
 */
function migrateOnce(backend: Backend): () => Promise<void> {
  let done: Promise<void> | undefined;
  const migrate = async () => {
    if (await backend.mapGet(MIGRATIONS_MAP, VOTER_TEAMS_MIGRATION)) return;
    const platformTeams = [
      ...new Set(
        [...(await backend.mapEntries(SUBSCRIPTIONS_MAP)).values()].map((raw) =>
          teamKey((JSON.parse(raw) as Subscription).channel),
        ),
      ),
    ];
    const linked = await backend.mapGetMany(TEAM_LINKS_MAP, platformTeams);
    const teams = [...new Set(platformTeams.map((t, i) => linked[i] ?? t))];
    const counts = await backend.mapEntriesMany(teams.map(voterCountsMap));
    const writes: MapWrite[] = teams.flatMap((team, i) =>
      [...counts[i]!.keys()].map((voter) => ({ map: voterTeamsMap(voter), field: team, setIfAbsent: '0' })),
    );
    for (let i = 0; i < writes.length; i += MIGRATION_BATCH) await backend.batch(writes.slice(i, i + MIGRATION_BATCH));
    await backend.mapSetIfAbsent(MIGRATIONS_MAP, VOTER_TEAMS_MIGRATION, String(writes.length));
  };
  return () =>
    (done ??= migrate().catch((error: unknown) => {
      done = undefined;
      throw error;
    }));
}
