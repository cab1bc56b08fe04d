import { teamKey, type ChannelRef } from './model.js';
import type { Stores } from './store/index.js';
import type { VoteTally } from './store/vote-store.js';

/** The team a channel's votes count for: its platform team, or the team that is linked into. */
export const teamOf = (ctx: { stores: Stores; channel: ChannelRef }): Promise<string> => ctx.stores.teams.teamOf(teamKey(ctx.channel));

/** The channel's team leaderboard of papers first posted at or after `since` (ms). */
export async function teamLeaderboard(ctx: { stores: Stores; channel: ChannelRef }, since: number): Promise<VoteTally[]> {
  return ctx.stores.votes.leaderboard(await teamOf(ctx), since);
}
