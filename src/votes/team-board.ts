import { teamKey, type ChannelRef } from '../model.js';
import type { Stores } from '../store/index.js';

/** The team a channel's votes count for: its platform team, or the team that is linked into (`/papers team link`). */
export const teamOf = (ctx: { stores: Stores; channel: ChannelRef }): Promise<string> =>
  ctx.stores.teams.teamOf(teamKey(ctx.channel));
