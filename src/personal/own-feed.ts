import type { Stores } from '../store/index.js';
import { earliestVotes } from '../votes/by-person.js';

/**
 * A person's own feed, in their direct message with the bot: the team it counts as, and the votes
 * it is ranked by.
 */
export interface OwnFeedTeam {
  /** `person:<id>` for an account linked with another platform's (`/papers account link`), else `user:<platform>:<id>`. */
  team: string;
  /** The person's votes from every team they voted in, their own feed's included: paper id → when (ms). */
  votes: Map<string, number>;
}

/**
 * `owner`'s own feed: its team, and their votes in every channel's team (and as their linked
 * account): at most four store round trips, however many teams they vote in.
 */
export async function ownFeedTeam(stores: Pick<Stores, 'teams' | 'voterTeams'>, owner: string): Promise<OwnFeedTeam> {
  const voter = await stores.teams.voterOf(owner);
  // Votes cast before a link stay under the account that cast them (src/votes/by-person.ts).
  const ids = voter === owner ? [owner] : [...new Set([voter, ...(await stores.teams.identitiesOf(voter)), owner])];
  const team = voter.startsWith('person:') ? voter : `user:${owner}`;
  const teams = await stores.voterTeams.teamsOf(ids);
  const pairs = teams.flatMap((t) => ids.map((id) => ({ team: t, voter: id })));
  return { team, votes: earliestVotes(await stores.voterTeams.votesOfMany(pairs)) };
}
