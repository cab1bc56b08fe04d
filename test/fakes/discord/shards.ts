/**
 * Sharding as Discord does it: a guild's events go to shard `(guild_id >> 22) % num_shards`,
 * DMs to shard 0 only, and IDENTIFY's `shard: [id, count]` must name a shard that exists.
 * https://discord.com/developers/docs/events/gateway#sharding
 */

/** The shard id that receives a guild's events. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** `[id, count]` from IDENTIFY (default `[0, 1]`), or null when it is malformed or `id >= count`. */
export function parseShard(raw: unknown): [number, number] | null {
  if (raw === undefined) return [0, 1];
  if (!Array.isArray(raw) || raw.length !== 2) return null;
  const [id, count] = raw as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return null;
  const [i, n] = [id as number, count as number];
  return i >= 0 && n >= 1 && i < n ? [i, n] : null;
}

/** Whether a connection identified as `shard` receives a dispatch about `guildId` (null: not in a guild). */
export function shardReceives(shard: [number, number], guildId: string | null): boolean {
  const [id, count] = shard;
  return guildId === null ? id === 0 : shardOf(guildId, count) === id;
}

/** A snowflake-shaped guild id (from `base`, default 2e17) that lands on `shard` of `shardCount`. */
export function guildIdOnShard(shard: number, shardCount: number, base = 200_000_000_000_000_000n): string {
  let id = base;
  while (shardOf(id.toString(), shardCount) !== shard) id += 1n << 22n;
  return id.toString();
}
