import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/ports/clock.js';
import type { Backend } from '../../src/store/backend.js';
import { createRedisBackend } from '../../src/store/redis-backend.js';
import { createSqliteBackend } from '../../src/store/sqlite-backend.js';
import { ADMIN_PERMISSIONS, createDiscordFake, DEFAULTS, type DiscordFake } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import { createSlackFake } from '../fakes/slack/fake.js';
import { answerOf, ask, startDiscordBot } from '../support/discord-bot.js';
import { createFakeClock, type FakeClock } from '../support/fake-clock.js';
import { redisServerMissing, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { command, startSlackBot } from '../support/slack-bot.js';
import { FULL } from '../support/sqlite-faults.js';

const BUSY = 'Storage is busy right now, try again shortly.';
const UNAVAILABLE = 'Storage is unavailable right now, try again shortly.';
const noRedis = redisServerMissing();
/** The commands that answer in the channel, with what must run before each. */
const AUDITED: [string, string[]][] = [
  ['subscribe', []],
  ['pause', ['subscribe']],
  ['resume', ['subscribe', 'pause']],
];

let hf: HfFake;
let dir: string;
const cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * A SQLite store another process can lock: `lock()` holds its write lock (as `sqlite3` or a backup
 * would). `clock` times the store's bounds and busy retries (`whileStoreWaits` runs a fake one).
 */
function lockableSqlite(clock: Clock = systemClock): { backend: Backend; lock(): void; unlock(): void } {
  dir = mkdtempSync(join(tmpdir(), 'paperfeed-public-'));
  const path = join(dir, 'store.sqlite');
  const backend = createSqliteBackend(path, { clock });
  const other = new Database(path);
  cleanups.push(
    () => backend.close(),
    () => other.close(),
  );
  return {
    backend,
    lock: () => other.exec('BEGIN EXCLUSIVE'),
    unlock: () => other.inTransaction && other.exec('COMMIT'),
  };
}

/** A private Redis whose memory can run out (`maxmemory`, no eviction): reads answer, writes fail with OOM. */
async function fillableRedis(
  clock: Clock = systemClock,
): Promise<{ backend: Backend; server: RedisServer; fill(full: boolean): Promise<void> }> {
  const server = await startRedisServer();
  const backend = await createRedisBackend(server.url, { namespace: 'public-replies', clock });
  const admin = createClient({ url: server.url });
  await admin.connect();
  cleanups.push(
    () => server.stop(),
    () => backend.close().catch(() => undefined),
    () => admin.quit().catch(() => undefined),
  );
  return {
    backend,
    server,
    fill: async (full) => void (await admin.configSet('maxmemory', full ? '1' : '0')),
  };
}

/**
 * Waits for `answer` while the store's clock runs (about 25 ms of it per real millisecond): the
 * store's bounds (a command's 2 s, the Slack replay check's 1 s) and its pauses between busy
 * retries pass at once. Each busy try still waits SQLite's own 20 ms.
 */
async function whileStoreWaits<T>(clock: FakeClock, answer: Promise<T>): Promise<T> {
  let done = false;
  answer.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    await clock.advance(25);
    await new Promise((r) => setTimeout(r, 1));
  }
  return answer;
}

describe('Slack: a public confirmation only once the change is stored', () => {
  async function slackOn(backend: Backend) {
    const slack = await createSlackFake({ users: [{ id: 'UADMIN', is_admin: true }] });
    const bot = await startSlackBot(slack, hf, { backend });
    cleanups.push(
      () => slack.close(),
      () => bot.adapter.stop(),
    );
    const inChannel = () =>
      slack.callsTo('chat.postMessage').filter((c) => c.body.metadata === undefined && c.body.channel === 'C0001');
    return { slack, bot, inChannel };
  }

  it.each(AUDITED)(
    '/papers %s says nothing in the channel when the store is locked at the write, and tells the admin privately',
    async (name, before) => {
      const clock = createFakeClock(Date.now());
      const store = lockableSqlite(clock);
      const { slack, bot, inChannel } = await slackOn(store.backend);
      for (const earlier of before) await command(slack, bot.url, earlier, 'UADMIN');
      const stored = await bot.core.stores.subscriptions.list();
      const shown = inChannel().length;
      store.lock();
      const r = await whileStoreWaits(clock, command(slack, bot.url, name, 'UADMIN'));
      expect(r.text.split('\n')[0]).toBe(BUSY);
      expect(r.response.response_type).toBe('ephemeral');
      expect(inChannel()).toHaveLength(shown);
      store.unlock();
      expect(await bot.core.stores.subscriptions.list()).toEqual(stored);

      const ok = await command(slack, bot.url, name, 'UADMIN');
      expect(ok.text).toMatch(/^(📬 Subscribed|⏸️ Paused|▶️ Resumed)/);
      expect(ok.response.response_type ?? 'in_channel').toBe('in_channel');
    },
  );

  it.skipIf(Boolean(noRedis))(
    'says nothing in the channel when Redis is out of memory at the write, and says storage is full',
    async () => {
      if (noRedis) console.log(`skipping the Redis out-of-memory test: ${noRedis}`);
      const redis = await fillableRedis();
      const { slack, bot, inChannel } = await slackOn(redis.backend);
      await redis.fill(true);
      const r = await command(slack, bot.url, 'subscribe tz:Europe/Berlin', 'UADMIN');
      expect(r.text.split('\n')[0]).toBe(FULL);
      expect(r.response.response_type).toBe('ephemeral');
      expect(inChannel()).toEqual([]);
      await redis.fill(false);
      expect(await bot.core.stores.subscriptions.list()).toEqual([]);
    },
  );
});

describe('Discord: a public confirmation only once the change is stored', () => {
  async function discordOn(backend: Backend) {
    const discord: DiscordFake = await createDiscordFake();
    const bot = await startDiscordBot(discord, hf, backend);
    cleanups.push(
      () => discord.close(),
      () => bot.adapter.stop(),
    );
    const subscribe = () =>
      discord.sendChatInput({ name: 'papers', subcommand: 'subscribe', permissions: ADMIN_PERMISSIONS });
    /** Every message anyone in the channel could see from the interaction: its public responses and follow-ups. */
    const seenInChannel = (id: string) => {
      const record = discord.interactions.get(id)!;
      const original = record.callbacks.some(
        (c) => c.accepted && (Number((c.data as { flags?: number })?.flags) & 64) === 0,
      )
        ? [record.original?.content ?? '(loading)']
        : [];
      return [...original, ...record.followups.filter((m) => (Number(m.flags) & 64) === 0).map((m) => m.content)];
    };
    return { discord, bot, subscribe, seenInChannel };
  }

  it.each(AUDITED)(
    '/papers %s says nothing in the channel when the store is locked at the write, and tells the admin privately',
    async (name, before) => {
      const clock = createFakeClock(Date.now());
      const store = lockableSqlite(clock);
      const { discord, bot, seenInChannel } = await discordOn(store.backend);
      for (const earlier of before) await ask(discord, earlier, {}, { admin: true });
      const stored = await bot.core.stores.subscriptions.list();
      const shown = discord.messagesIn(DEFAULTS.channelId).length;
      store.lock();
      const sent = discord.sendChatInput({ name: 'papers', subcommand: name, permissions: ADMIN_PERMISSIONS });
      const a = await whileStoreWaits(clock, answerOf(discord, sent.id, sent.token));
      expect(a.content).toBe(BUSY);
      expect(a.ephemeral).toBe(true);
      expect(seenInChannel(sent.id)).toEqual([]);
      expect(discord.messagesIn(DEFAULTS.channelId)).toHaveLength(shown);
      store.unlock();
      expect(await bot.core.stores.subscriptions.list()).toEqual(stored);
    },
  );

  it('posts the confirmation in the channel after the write, when the lock went away while it waited', async () => {
    const store = lockableSqlite();
    const { discord, bot, subscribe, seenInChannel } = await discordOn(store.backend);
    store.lock();
    const sent = subscribe();
    // Past Discord's 2 s deferral, within the store's retries.
    await discord.waitForCallback(sent.id, 5000);
    setTimeout(() => store.unlock(), 300);
    const posted = await discord.waitFor(
      (r) => r.route === 'webhook-followup' && r.status === 200,
      8000,
      'the public confirmation',
    );
    expect((posted.body as { content: string }).content).toMatch(/^📬 Subscribed/);
    expect(await bot.core.stores.subscriptions.list()).toHaveLength(1);
    expect(seenInChannel(sent.id)).toEqual([expect.stringMatching(/^📬 Subscribed/)]);
    await discord.waitFor((r) => r.route === 'webhook-delete-message', 3000, 'the private copy removed');
    expect(discord.messagesIn(DEFAULTS.channelId).map((m) => m.content)).toEqual([
      expect.stringMatching(/^📬 Subscribed/),
    ]);
  });

  it.skipIf(Boolean(noRedis))(
    'says nothing in the channel when Redis stops answering, and tells the admin privately',
    async () => {
      if (noRedis) console.log(`skipping the frozen Redis test: ${noRedis}`);
      const clock = createFakeClock(Date.now());
      const redis = await fillableRedis(clock);
      const { discord, bot, subscribe, seenInChannel } = await discordOn(redis.backend);
      redis.server.freeze(true);
      const sent = subscribe();
      const a = await whileStoreWaits(clock, answerOf(discord, sent.id, sent.token));
      expect(a.content).toBe(UNAVAILABLE);
      expect(a.ephemeral).toBe(true);
      expect(seenInChannel(sent.id)).toEqual([]);
      redis.server.freeze(false);
      expect(await bot.core.stores.subscriptions.list()).toEqual([]);
    },
  );
});
