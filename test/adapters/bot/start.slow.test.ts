import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordFake, DEFAULTS, ADMIN_PERMISSIONS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { addDays, currentDailyPapersDay } from '../../../src/time/dates.js';
import {
  createSlackFake,
  BOT_USER_ID,
  JSON_CONTENT_TYPE,
  eventCallbackBody,
  postSigned,
  type SlackFake,
} from '../../fakes/slack/fake.js';
import { answerOf, ask, TOKEN } from '../../support/discord-bot.js';
import { SECRET, command } from '../../support/slack-bot.js';
import { value } from '../../support/scrape.js';
import { freePort, PAPERFEED_FROM_SOURCE } from '../../support/spawn-bot.js';

let hf: HfFake;
let discord: DiscordFake;
let slack: SlackFake;
let bot: ChildProcess;
let port = 0;
let stderr = '';

async function waitUntil(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; bot said:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  [hf, discord, slack, port] = await Promise.all([
    createHfFake(),
    createDiscordFake(),
    createSlackFake({ users: [{ id: 'UADMIN', is_admin: true }] }),
    freePort(),
  ]);
  // The bot's own clock says today; serve the fixture day as today's and yesterday's list.
  const today = currentDailyPapersDay(Date.now());
  for (const day of [today, addDays(today, -1)]) hf.days.set(day, hf.days.get('2026-06-12')!);
  bot = spawn(process.execPath, [...PAPERFEED_FROM_SOURCE, 'start'], {
    env: {
      PATH: process.env.PATH,
      STORE_URL: 'memory://',
      HF_API_URL: hf.url,
      ARXIV_API_URL: `${hf.url}/arxiv/query`,
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: DEFAULTS.guildId,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  bot.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // stderr is a pipe, not a terminal: no plain "running" line; readiness says when it runs.
  await waitUntil(
    async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200,
    'the bot to start',
    30_000,
  );
}, 40_000);

afterAll(async () => {
  if (bot.exitCode === null) bot.kill('SIGKILL');
  await Promise.all([hf.close(), discord.close(), slack.close()]);
});

describe('npm start with Discord and Slack pointed at local fakes', () => {
  it('is live and ready, logged in to Discord and has registered /papers', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ok: true,
      status: 'ready',
      checks: { store: 'ok', discord: 'ok', slack: 'ok' },
    });
    expect(
      discord.requests.some((r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${DEFAULTS.guildId}/commands`)),
    ).toBe(true);
  });

  it('answers /papers search on both platforms', async () => {
    expect((await ask(discord, 'search', { query: 'kazakh' })).content).toMatch(/^Results for "kazakh"/);
    const r = await command(slack, `http://127.0.0.1:${port}/slack/events`, 'search diffusion');
    expect(r.ackMs).toBeLessThan(3000);
    expect(r.text).toMatch(/Results for "diffusion"/);
  });

  it('posts a digest on /papers digest and ranks the votes cast on it in /papers top', async () => {
    const sent = discord.sendChatInput({ name: 'papers', subcommand: 'digest', permissions: ADMIN_PERMISSIONS });
    expect((await answerOf(discord, sent.id, sent.token)).content).toMatch(
      /^Posted the \d{4}-\d{2}-\d{2} digest here: 5 papers\.$/,
    );
    const discordPapers = discord
      .messagesIn(DEFAULTS.channelId)
      .filter((m) => ((m as { embeds?: unknown[] }).embeds ?? []).length > 0);
    discord.sendReactionAdd({ messageId: discordPapers[0]!.id, emoji: '👍', userId: '400000000000000002' });
    await waitUntil(async () => /1\. 1 vote/.test((await ask(discord, 'top')).content), 'the Discord vote to count');

    const url = `http://127.0.0.1:${port}/slack/events`;
    expect((await command(slack, url, 'digest', 'UADMIN')).text).toMatch(/Posted the .* digest here: 5 papers/);
    const ts = String((slack.callsTo('chat.postMessage')[1]!.response as { ts: string }).ts);
    for (const user of ['U0002', 'U0003']) {
      const body = eventCallbackBody({
        type: 'reaction_added',
        user,
        reaction: '+1',
        item_user: BOT_USER_ID,
        item: { type: 'message', channel: 'C0001', ts },
        event_ts: '1.1',
      });
      expect((await postSigned(url, body, JSON_CONTENT_TYPE, SECRET)).status).toBe(200);
    }
    await waitUntil(
      async () => /1\. 2 votes/.test((await command(slack, url, 'top')).text),
      'the Slack votes to count',
    );
  });

  it('serves /metrics counting the posts and commands above', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const platform of ['discord', 'slack']) {
      expect(value(text, 'paperfeed_posts_total', { platform })).toBe(6);
      expect(
        value(text, 'paperfeed_command_duration_seconds_count', { platform, command: 'digest', outcome: 'ok' }),
      ).toBe(1);
    }
    expect(value(text, 'paperfeed_votes_applied_total', { platform: 'slack', change: 'add' })).toBe(2);
  });

  it('writes only JSON lines to a stderr that is not a terminal', () => {
    expect(stderr).not.toContain('paperfeed: running');
    for (const line of stderr.split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
  });

  it('refuses a forged Slack request with 401', async () => {
    const url = `http://127.0.0.1:${port}/slack/events`;
    const body = eventCallbackBody({
      type: 'reaction_added',
      user: 'U9',
      reaction: '+1',
      item: { type: 'message', channel: 'C0001', ts: '1.1' },
    });
    expect((await postSigned(url, body, JSON_CONTENT_TYPE, SECRET, { badSignature: true })).status).toBe(401);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    bot.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => bot.once('exit', resolve));
    expect(code).toBe(0);
  });
});
