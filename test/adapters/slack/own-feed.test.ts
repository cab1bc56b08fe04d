import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startScheduler, type Scheduler } from '../../../adapters/bot/cron.js';
import type { Backend } from '../../../src/store/backend.js';
import { createSqliteBackend } from '../../../src/store/sqlite-backend.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import {
  BOT_USER_ID,
  blockActionsBody,
  createSlackFake,
  eventCallbackBody,
  FORM_CONTENT_TYPE,
  imIdOf,
  JSON_CONTENT_TYPE,
  postSigned,
  type SlackFake,
} from '../../fakes/slack/fake.js';
import { command, SECRET, startSlackBot, type SlackBot } from '../../support/slack-bot.js';

const ALICE = 'U0001';
const BOB = 'UBOB';
const dmOf = (userId: string) => ({ channelId: imIdOf(userId), channelName: 'directmessage' });

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake(); // the real 2026-06-12 list, 30 papers
});
afterAll(() => hf.close());

let dir: string;
let slack: SlackFake;
const backends: Backend[] = [];
const bots: SlackBot[] = [];
const schedulers: Scheduler[] = [];
/** A bot process on the one SQLite file, its clock at `at` (a restart is a new one). */
async function start(at = '2026-06-12T20:00:00Z') {
  const backend = createSqliteBackend(join(dir, 'store.sqlite'));
  backends.push(backend);
  const bot = await startSlackBot(slack, hf, { backend });
  bot.clock.set(at);
  bots.push(bot);
  const { stores, clock, logger, deliveries } = bot.core;
  const scheduler = startScheduler({ stores, clock, logger, deliveries, cron: false });
  schedulers.push(scheduler);
  return { bot, scheduler };
}
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperfeed-im-'));
  slack = await createSlackFake({
    users: [
      { id: ALICE, name: 'alice', tz: 'Europe/Berlin' },
      { id: BOB, name: 'bob', tz: 'America/New_York' },
      { id: 'UADMIN', is_admin: true },
    ],
  });
});
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  for (const b of bots.splice(0)) await b.adapter.stop();
  for (const b of backends.splice(0)) await b.close();
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Delivered messages in a person's DM with the app (posts carry their slot in metadata). */
const delivered = (userId: string) => slack.messages(imIdOf(userId)).filter((m) => m.metadata !== undefined);
const headers = (userId: string) => delivered(userId).filter((m) => (m.text ?? '').startsWith('📰'));
const settle = async <T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
  for (let i = 0; i < 150 && !done(await read()); i++) await new Promise((r) => setTimeout(r, 20));
  return read();
};

describe("Slack: a person's own feed in the app's DM (its Messages tab)", () => {
  it('subscribe there posts a daily DM once at 09:00 in their own zone, and votes on it count for them', async () => {
    const { bot, scheduler } = await start();
    const r = await command(slack, bot.url, 'subscribe count:3', ALICE, dmOf(ALICE));
    expect(r.text).toMatch(
      /📬 Subscribed: top 3 .* every weekday \(Monday to Friday\) at 09:00 Europe\/Berlin \(your time zone; next/,
    );
    expect(r.text).toMatch(/It is your own feed: it comes to you here/);
    expect(slack.callsTo('conversations.open')[0]?.body).toMatchObject({ users: ALICE });
    const [sub] = await bot.core.stores.subscriptions.list();
    expect(sub).toMatchObject({ owner: `slack:${ALICE}`, channel: { teamId: 'T0001', channelId: imIdOf(ALICE) } });
    bot.clock.set('2026-06-15T07:00:00Z');
    await scheduler.tick();
    expect(headers(ALICE)).toHaveLength(1);
    expect(delivered(ALICE)).toHaveLength(1 + 3);
    bot.clock.set('2026-06-15T07:30:00Z');
    await scheduler.tick();
    expect(delivered(ALICE)).toHaveLength(1 + 3);

    const paper = delivered(ALICE)[1]!;
    const event = eventCallbackBody({
      type: 'reaction_added',
      user: ALICE,
      reaction: '+1',
      item_user: BOT_USER_ID,
      item: { type: 'message', channel: imIdOf(ALICE), ts: paper.ts },
      event_ts: '1781258400.000100',
    });
    await postSigned(bot.url, event, JSON_CONTENT_TYPE, SECRET);
    const rows = await settle(
      () => bot.core.stores.votes.leaderboard(`user:slack:${ALICE}`, 0),
      (v) => v.length > 0,
    );
    expect(rows).toMatchObject([{ votes: 1 }]);
    expect(await bot.core.stores.votes.leaderboard('slack:T0001', 0)).toEqual([]); // not the workspace's board
    expect(slack.violations).toEqual([]);
  });

  it('a restart in the middle of the DM posts the rest once, nothing twice', async () => {
    const { bot, scheduler } = await start();
    await command(slack, bot.url, 'subscribe count:4', ALICE, dmOf(ALICE));
    slack.holdNext({ method: 'chat.postMessage' }, 150, 5);
    bot.clock.set('2026-06-15T07:00:00Z');
    const ticking = scheduler.tick();
    await settle(
      async () => delivered(ALICE).length,
      (n) => n >= 2,
    );
    await scheduler.stop();
    await ticking;
    await bot.adapter.stop();
    const before = delivered(ALICE).length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(1 + 4);
    const again = await start('2026-06-15T07:05:00Z');
    await again.scheduler.tick();
    expect(delivered(ALICE)).toHaveLength(1 + 4);
    const keys = delivered(ALICE).map((m) => (m.metadata?.event_payload as { key?: string }).key);
    expect(new Set(keys).size).toBe(1 + 4);
  });

  it('pause, settings and unsubscribe work from the DM, for its owner', async () => {
    const { bot, scheduler } = await start();
    await command(slack, bot.url, 'subscribe', ALICE, dmOf(ALICE));
    expect((await command(slack, bot.url, 'pause', ALICE, dmOf(ALICE))).text).toMatch(
      /⏸️ Paused the main feed in this DM until you run `\/papers resume`/,
    );
    expect((await command(slack, bot.url, 'settings', ALICE, dmOf(ALICE))).text).toMatch(
      /Your feed here gets the top 5 .*\n[\s\S]*Status: ⏸️ paused by hand\./,
    );
    bot.clock.set('2026-06-15T07:00:00Z');
    await scheduler.tick();
    expect(delivered(ALICE)).toEqual([]);
    const asked = await command(slack, bot.url, 'unsubscribe', ALICE, dmOf(ALICE));
    expect(asked.text).toMatch(/Stop the main feed in this DM\?/);
    const press = blockActionsBody({
      actionId: 'papers:unsubscribe:confirm:',
      value: 'unsubscribe:confirm:',
      userId: ALICE,
      channelId: imIdOf(ALICE),
      responseUrl: slack.responseUrl('unsub'),
    });
    expect((await postSigned(bot.url, press, FORM_CONTENT_TYPE, SECRET)).status).toBe(200);
    const answer = await slack.waitForResponse((r) => r.id === 'unsub', 5000);
    expect(JSON.stringify(answer.body)).toMatch(/Unsubscribed the main feed/);
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
  });

  it('a deactivated account pauses only its own feed, with the reason; a channel and others still post', async () => {
    const { bot, scheduler } = await start();
    await command(slack, bot.url, 'subscribe count:2 tz:UTC', 'UADMIN');
    await command(slack, bot.url, 'subscribe count:2 tz:UTC', ALICE, dmOf(ALICE));
    await command(slack, bot.url, 'subscribe count:2 tz:UTC', BOB, dmOf(BOB));
    slack.workspace.users.get(ALICE)!.deleted = true; // chat.postMessage to their DM would still succeed
    bot.clock.set('2026-06-15T09:00:00Z');
    const results = await scheduler.tick();
    expect(results.map((r) => r.outcome).sort()).toEqual(['failed', 'posted', 'posted']);
    expect(headers(BOB)).toHaveLength(1);
    expect(delivered(ALICE)).toEqual([]);
    expect(slack.messages('C0001').filter((m) => (m.text ?? '').startsWith('📰'))).toHaveLength(1);
    const subs = await bot.core.stores.subscriptions.list();
    expect(subs.filter((s) => s.paused).map((s) => [s.owner, s.paused!.reason])).toEqual([
      [`slack:${ALICE}`, "could not open a direct message: this person's Slack account is deactivated (user_disabled)"],
    ]);
    // A workspace admin is not told of someone's own feed.
    expect((await command(slack, bot.url, 'feeds', 'UADMIN')).text).not.toMatch(/⚠️/);
  });

  it('takes threads in a DM, but no forum or weekly recap there; preview answers there too', async () => {
    const { bot } = await start();
    expect((await command(slack, bot.url, 'preview count:1', ALICE, dmOf(ALICE))).text).toMatch(
      /^Preview: the top 1 of the previous day's Daily Papers/,
    );
    expect((await command(slack, bot.url, 'subscribe layout:forum', ALICE, dmOf(ALICE))).text).toMatch(
      /`forum` does not work in a direct message here; use `messages`, `thread` or `compact`/,
    );
    expect((await command(slack, bot.url, 'subscribe recap:"friday 16:00"', ALICE, dmOf(ALICE))).text).toMatch(
      /a feed of your own has no team to recap/,
    );
    expect((await command(slack, bot.url, 'subscribe layout:thread', ALICE, dmOf(ALICE))).text).toMatch(
      /📬 Subscribed/,
    );
  });

  it("without the im:write scope it cannot tell the app's own DM, says so, and stores nothing", async () => {
    await slack.close();
    slack = await createSlackFake({
      users: [{ id: ALICE, name: 'alice' }],
      scopes: ['commands', 'chat:write', 'users:read'],
    });
    const { bot } = await start();
    const r = await command(slack, bot.url, 'subscribe', ALICE, dmOf(ALICE));
    expect(r.text).toMatch(
      /^I could not tell whether this is your own DM with me: could not open a direct message: the app lacks a scope it needs \(missing_scope\); reinstall it from slack\/manifest\.yml\. Nothing was changed\./,
    );
    expect(slack.callsTo('conversations.open')[0]?.response).toMatchObject({
      error: 'missing_scope',
      needed: 'im:write',
    });
    expect(await bot.core.stores.subscriptions.list()).toEqual([]);
  });
});
