import type { Client } from 'discord.js';
import type { ChannelRef } from '../../src/model.js';
import type { Layout } from '../../src/subscriptions/subscription.js';

/**
 * Direct messages between the bot and one person. Discord DMs belong to no server, so a DM's team
 * id is its person's, `@<userId>`: each person's own feeds are indexed apart from everyone else's,
 * its messages link under Discord's `@me`, and like every DM it is shard 0's.
 */
export const dmTeamId = (userId: string): string => `@${userId}`;

/** True for the team id of a direct message (`dmTeamId`). */
export const isDmTeam = (teamId: string): boolean => teamId.startsWith('@');

/** A Discord DM cannot hold threads or forum posts: a feed there is a list of messages, or compact. */
export const DM_LAYOUTS: readonly Layout[] = ['messages', 'compact'];

/**
 * The DM channel with `userId`: Create DM (`POST /users/@me/channels`), which answers the existing
 * channel when there is one; discord.js keeps it, so later calls make no request. Discord opens a
 * DM even with someone who does not accept messages from the bot: that shows on the first post
 * (50007 Cannot send messages to this user).
 */
export async function openDiscordDm(client: Client, userId: string): Promise<ChannelRef> {
  const dm = await client.users.createDM(userId);
  return { platform: 'discord', teamId: dmTeamId(userId), channelId: dm.id };
}
