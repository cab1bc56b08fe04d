import type { Client } from 'discord.js';
import { createTtlCache } from '../../src/cache/ttl-cache.js';

/** How long a looked-up name is reused (ms): a renamed member shows the new name within this time. */
const TTL_MS = 10 * 60_000;
/** Names kept at most (about 2 MB): beyond, the one stored longest ago is looked up again. */
const MAX_NAMES = 10_000;

/**
 * Names people by their `discord:` ids for leaderboards: the member's server name (nickname,
 * else display name) through discord.js's member cache or one REST call per member (Get Guild
 * Member needs no privileged intent), else the user's global or user name. The names are as people
 * set them: commands mark them as outside text, which the renderer makes inert (never a mention or
 * Markdown); replies also go out with `allowedMentions: none`.
 */
export function createDiscordNames(client: Client, now: () => number) {
  const cache = createTtlCache<string>(TTL_MS, MAX_NAMES, now);
  const lookUp = async (guildId: string, userId: string): Promise<string | undefined> => {
    const guild = client.guilds.cache.get(guildId);
    const member = await guild?.members.fetch(userId).catch(() => undefined);
    if (member) return member.displayName;
    const user = await client.users.fetch(userId).catch(() => undefined);
    return user ? (user.globalName ?? user.username) : undefined;
  };
  return async (guildId: string, voters: readonly string[]): Promise<Map<string, string>> => {
    const out = new Map<string, string>();
    await Promise.all(
      voters.map(async (voter) => {
        const userId = /^discord:(\d{1,20})$/.exec(voter)?.[1];
        if (!userId) return;
        const key = `${guildId}:${userId}`;
        const hit = cache.get(key);
        if (hit !== undefined) return void out.set(voter, hit);
        const name = await lookUp(guildId, userId);
        if (name === undefined) return;
        cache.set(key, name);
        out.set(voter, name);
      }),
    );
    return out;
  };
}
