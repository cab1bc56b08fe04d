import { teamKey, type ChannelRef } from './model.js';
import type { Stores } from './store/index.js';
import type { VoteTally } from './store/vote-store.js';

/** Every team key whose votes make up this channel's leaderboard: its linked team and the platform teams in it. */
export async function leaderboardTeams(ctx: { stores: Stores; channel: ChannelRef }): Promise<string[]> {
  const own = teamKey(ctx.channel);
  const linked = await ctx.stores.teams.teamOf(own);
  if (linked === own) return [own];
  return [linked, ...(await ctx.stores.teams.membersOf('team', own))];
}

/**
 * The channel's team leaderboard: votes of every team key it is made of (a linked team and the
 * platform teams in it, for papers posted before the link), added up per paper. No voter is in
 * two keys for one message, so the sums are exact.
 */
export async function teamLeaderboard(ctx: { stores: Stores; channel: ChannelRef }, since: number): Promise<VoteTally[]> {
  const boards = await Promise.all((await leaderboardTeams(ctx)).map((t) => ctx.stores.votes.leaderboard(t, since)));
  if (boards.length === 1) return boards[0]!;
  const merged = new Map<string, VoteTally>();
  for (const row of boards.flat()) {
    const seen = merged.get(row.paperId);
    merged.set(row.paperId, seen ? { ...seen, votes: seen.votes + row.votes, firstPostedAt: Math.min(seen.firstPostedAt, row.firstPostedAt) } : row);
  }
  return [...merged.values()].sort((a, b) => b.votes - a.votes || b.firstPostedAt - a.firstPostedAt || a.paperId.localeCompare(b.paperId));
}
