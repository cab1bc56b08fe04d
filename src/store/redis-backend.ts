import {
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  createClient,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
} from '@redis/client';
import { createKeyv } from '@keyv/redis';
import type { Backend, BackendOptions } from './backend.js';
import { REACTION_LUA, reactionRowFields, voteFields } from './reaction-step.js';
import { guardBackend, type Classify } from './guard.js';
import { createStoreStatus } from './store-status.js';
import { systemClock } from '../ports/clock.js';
import { PAPERS_MAP } from './keys.js';
import { processIndexedPapers } from './process-index.js';
import { createRedisSearch } from './redis-search.js';

const CONNECTION_ERRORS = [
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
];

/**
 * The connection is gone or the server cannot serve yet (`LOADING` after a restart); or it answers
 * but refuses writes: `OOM` (maxmemory reached, no eviction: Redis is full), `READONLY` (a replica).
 */
const classify: Classify = (error) => {
  if (CONNECTION_ERRORS.some((type) => error instanceof type)) return 'down';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH)$/.test(code)) return 'down';
  const message = error instanceof Error ? error.message : '';
  if (/^OOM\b/.test(message)) return 'full';
  if (/^READONLY\b/.test(message)) return 'read-only';
  return /^(LOADING|MASTERDOWN)\b/.test(message) ? 'down' : undefined;
};

/** Takes the lease when free or already ours; PX makes Redis expire a crashed holder's lease. */
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** ARGV: field, has-expected (0/1), expected, has-next (0/1), next. */
const COMPARE_AND_SET = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '1' then
  if cur ~= ARGV[3] then return 0 end
elseif cur then
  return 0
end
if ARGV[4] == '1' then redis.call('HSET', KEYS[1], ARGV[1], ARGV[5]) else redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1`;

/**
 * mapTopNumbers in Redis: one pass over the hash builds a histogram of its values, the cut is found
 * from the (few) distinct values, and only fields at or above it are returned, after the count and
 * the sum. ARGV: limit.
 */
const TOP_NUMBERS = `
local all = redis.call('HGETALL', KEYS[1])
local hist, distinct, count, sum = {}, {}, 0, 0
for i = 2, #all, 2 do
  local n = tonumber(all[i])
  if n and n > 0 then
    count = count + 1
    sum = sum + n
    if hist[n] == nil then hist[n] = 0; distinct[#distinct + 1] = n end
    hist[n] = hist[n] + 1
  end
end
table.sort(distinct, function(a, b) return a > b end)
local seen, cut = 0, 1
for _, v in ipairs(distinct) do
  seen = seen + hist[v]
  cut = v
  if seen >= tonumber(ARGV[1]) then break end
end
local out = {count, sum}
for i = 2, #all, 2 do
  local n = tonumber(all[i])
  if n and n > 0 and n >= cut then out[#out + 1] = all[i - 1]; out[#out + 1] = n end
end
return out`;

/** Redis: shareable by several instances. Maps are hashes; leases are keys with an expiry. */
export async function createRedisBackend(url: string, options: BackendOptions = {}): Promise<Backend> {
  const ns = options.namespace ?? 'paperfeed';
  const clock = options.clock ?? systemClock;
  const status = createStoreStatus('redis', options.logger, clock.now);
  const client = createClient({
    url,
    // While reconnecting, commands fail at once instead of waiting in an unbounded queue (and
    // landing minutes later, after the person was told it failed).
    disableOfflineQueue: true,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries) => Math.min(retries * 200, 5000) },
  });
  // Reconnects are handled by reconnectStrategy; the tracker logs the outage and the recovery once.
  client.on('error', (error: unknown) => status.failed('down', error));
  client.on('ready', () => status.up());
  await client.connect();
  // throwOnErrors: keyv otherwise reports a failed read as a missing value.
  const kv = createKeyv(client as never, { namespace: ns, throwOnErrors: true });
  const key = (n: string) => `${ns}:${n}`;
  const papers = options.searchIndexPath
    ? createRedisSearch(client, key, options.searchIndexPath, `${withoutPassword(url)} ${ns}`)
    : processIndexedPapers({
        has: async (ids) => (ids.length ? await client.hmGet(key(PAPERS_MAP), [...ids]) : []).map((v) => v !== null),
        async set(entries) {
          if (entries.length > 0) await client.hSet(key(PAPERS_MAP), Object.fromEntries(entries));
        },
        async page(cursor, max) {
          const r = await client.hScan(key(PAPERS_MAP), cursor ?? '0', { COUNT: max });
          const entries = r.entries.map((e): [string, string] => [String(e.field), String(e.value)]);
          return { entries, next: String(r.cursor) === '0' ? undefined : String(r.cursor) };
        },
      });
  return guardBackend(
    {
      kind: 'redis',
      shared: true,
      kv,
      async mapGet(map, field) {
        return (await client.hGet(key(map), field)) ?? undefined;
      },
      async mapSet(map, field, value) {
        await client.hSet(key(map), field, value);
      },
      async mapSetIfAbsent(map, field, value) {
        return Boolean(await client.hSetNX(key(map), field, value));
      },
      async mapDelete(map, field) {
        return (await client.hDel(key(map), field)) > 0;
      },
      async mapEntries(map) {
        return new Map(Object.entries(await client.hGetAll(key(map))));
      },
      async mapGetMany(map, fields) {
        if (fields.length === 0) return [];
        return (await client.hmGet(key(map), [...fields])).map((v) => v ?? undefined);
      },
      async mapTopNumbers(map, limit) {
        const r = (await client.eval(TOP_NUMBERS, { keys: [key(map)], arguments: [String(Math.max(1, limit))] })) as (
          string | number
        )[];
        const top: [string, number][] = [];
        for (let i = 2; i < r.length; i += 2) top.push([String(r[i]), Number(r[i + 1])]);
        top.sort((a, b) => b[1] - a[1]);
        return { top, count: Number(r[0] ?? 0), sum: Number(r[1] ?? 0) };
      },
      async mapEntriesMany(maps) {
        if (maps.length === 0) return [];
        const multi = client.multi();
        for (const m of maps) multi.hGetAll(key(m));
        // A pipeline, not a transaction: one round trip, and each map is read whole.
        const replies = (await multi.execAsPipeline()) as unknown as Record<string, string>[];
        return replies.map((r) => new Map(Object.entries(r)));
      },
      async batch(writes) {
        if (writes.length === 0) return;
        const multi = client.multi();
        for (const w of writes) {
          if ('delete' in w) multi.hDel(key(w.map), w.field);
          else if ('set' in w) multi.hSet(key(w.map), w.field, w.set);
          else multi.hSetNX(key(w.map), w.field, w.setIfAbsent);
        }
        await multi.exec();
      },
      async mapCompareAndSet(map, field, expected, next) {
        const args = [
          field,
          expected === undefined ? '0' : '1',
          expected ?? '',
          next === undefined ? '0' : '1',
          next ?? '',
        ];
        return (await client.eval(COMPARE_AND_SET, { keys: [key(map)], arguments: args })) === 1;
      },
      async applyReaction(change) {
        const row = reactionRowFields(change);
        // The script answers with the voter when the step counts for another one than expected
        // (a linked identity, a reaction counted before a link): run it again with that voter's keys.
        let voter = change.identity;
        for (let attempt = 0; attempt < 5; attempt++) {
          const f = voteFields(change, voter);
          const r = (await client.eval(REACTION_LUA, {
            keys: [
              key(row.reaction.map),
              key(f.refs.map),
              key(f.vote.map),
              key(f.count.map),
              key(f.voterCount.map),
              key(f.mine.map),
              key(row.link.map),
            ],
            arguments: [
              row.reaction.field,
              voter,
              change.paperId,
              String(change.order),
              change.present ? '1' : '0',
              String(change.at),
              change.identity,
              ...row.clears.map((c) => c.field),
            ],
          })) as [number, number, string?];
          if (r[0] !== 2) return { stale: r[0] === 1, voteDelta: r[1] as -1 | 0 | 1 };
          voter = r[2]!;
        }
        throw new Error(`the voter for ${change.identity} kept changing while a reaction was applied`);
      },
      async acquireLease(name, owner, ttlMs) {
        const r = await client.eval(ACQUIRE, {
          keys: [key(`lease:${name}`)],
          arguments: [owner, String(Math.ceil(ttlMs))],
        });
        return r === 1;
      },
      async releaseLease(name, owner) {
        await client.eval(RELEASE, { keys: [key(`lease:${name}`)], arguments: [owner] });
      },
      async claimOnce(name, ttlMs) {
        const set = await client.set(key(`claim:${name}`), '1', {
          condition: 'NX',
          expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
        });
        return set === 'OK';
      },
      putPapers: papers.putPapers,
      searchPapers: papers.searchPapers,
      indexStoredPapers: papers.indexStoredPapers,
      async clear() {
        papers.reset();
        for await (const keys of client.scanIterator({ MATCH: `${ns}:*`, COUNT: 500 })) {
          if (keys.length > 0) await client.unlink(keys);
        }
      },
      async close() {
        papers.close?.();
        await kv.disconnect();
        if (client.isOpen) await client.quit().catch(() => undefined);
      },
    },
    { status, classify, timeoutMs: options.timeoutMs, clock },
  );
}

/** The store's URL without its password, to name it in the local index file. */
function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}
