import { createDiscordFake, DEFAULTS, guildIdOnShard } from '../fakes/discord/fake.js';

// Guild A lives on shard 0 of 2, guild B on shard 1 (shard = (guild_id >> 22) % 2); one channel in each.
export const GUILD_A = DEFAULTS.guildId;
export const GUILD_B = guildIdOnShard(1, 2, 210_000_000_000_000_000n);
export const CHANNEL_A = DEFAULTS.channelId;
export const CHANNEL_B = '300000000000000002';

/** A Discord fake for a bot of 2 shards with guilds A and B; max_concurrency 2 lets both shards identify at once, as Discord allows large bots. */
export const createTwoShardFake = () =>
  createDiscordFake({
    shards: 2,
    maxConcurrency: 2,
    guilds: [
      { id: GUILD_A, name: 'Guild A', channels: [{ id: CHANNEL_A, name: 'papers-a' }] },
      { id: GUILD_B, name: 'Guild B', channels: [{ id: CHANNEL_B, name: 'papers-b' }] },
    ],
  });
