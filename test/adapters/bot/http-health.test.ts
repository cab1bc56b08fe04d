import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBot, type RunningBot } from '../../../adapters/bot/bot.js';
import { createHealth } from '../../../adapters/bot/http-health.js';
import { loadConfig } from '../../../src/config.js';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { createDiscordFake, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { createSlackFake, type SlackFake } from '../../fakes/slack/fake.js';
import { TOKEN } from '../../support/discord-bot.js';
import { until } from '../../support/fake-channels.js';
import { SECRET } from '../../support/slack-bot.js';
import { freePort } from '../../support/spawn-bot.js';

let hf: HfFake;
let discord: DiscordFake;
let slack: SlackFake;
let bot: RunningBot | undefined;
let launching: Promise<RunningBot>;
let port = 0;
/** The store's answer to a ping: the test turns it off to see readiness fail. */
let storeDown: Error | undefined;

const get = async (path: string) => {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return {
    status: res.status,
    body: (await res.json()) as { ok: boolean; status?: string; checks?: Record<string, string> },
  };
};
const reachable = () =>
  get('/livez').then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  [hf, discord, slack, port] = await Promise.all([createHfFake(), createDiscordFake(), createSlackFake(), freePort()]);
  const config = loadConfig({
    STORE_URL: 'memory://',
    HF_API_URL: hf.url,
    ARXIV_API_URL: `${hf.url}/arxiv/query`,
    PORT: String(port),
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: '200000000000000001',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_APP_TOKEN: 'xapp-test',
    SLACK_API_URL: slack.apiUrl,
  });
  const memory = createMemoryBackend();
  const backend = { ...memory, ping: async () => (storeDown ? Promise.reject(storeDown) : memory.ping()) };
  // Discord asks the bot to wait a second before connecting: long enough to look at readiness while starting.
  discord.failNext(
    { method: 'GET', path: /^\/gateway\/bot$/ },
    {
      status: 429,
      headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 1, global: false },
    },
  );
  launching = launchBot(config, createMemoryLogger(), { backend, arxivMinIntervalMs: 0 });
  launching.then(
    (b) => (bot = b),
    () => undefined,
  );
});

afterAll(async () => {
  await (bot ?? (await launching.catch(() => undefined)))?.stop();
  await Promise.all([hf.close(), discord.close(), slack.close()]);
});

describe('health on PORT: /livez for liveness, /readyz and /healthz for readiness', () => {
  it('answers 503 naming discord and slack while they are still connecting, and /livez 200', async () => {
    await until(reachable, 5000, 'the health server');
    const ready = await get('/readyz');
    expect(bot).toBeUndefined();
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      ok: false,
      status: 'starting',
      checks: { store: 'ok', discord: 'starting', slack: 'starting' },
    });
    expect((await get('/livez')).status).toBe(200);
  });

  it('answers 200 once the store answers and Discord and Slack are connected', async () => {
    await launching;
    for (const path of ['/readyz', '/healthz']) {
      expect(await get(path)).toEqual({
        status: 200,
        body: { ok: true, status: 'ready', checks: { store: 'ok', discord: 'ok', slack: 'ok' } },
      });
    }
  });

  it('answers 503 naming the store while its ping fails, and 200 again when it answers', async () => {
    storeDown = new Error('connection refused');
    expect(await get('/readyz')).toEqual({
      status: 503,
      body: { ok: false, status: 'degraded', checks: { store: 'connection refused', discord: 'ok', slack: 'ok' } },
    });
    expect((await get('/livez')).status).toBe(200);
    storeDown = undefined;
    expect((await get('/readyz')).status).toBe(200);
  });

  it('answers 503 naming discord when the Discord gateway drops the bot, while /livez stays 200', async () => {
    discord.gateway.closeClients(4004, 'Authentication failed.');
    await until(async () => (await get('/readyz')).status === 503, 5000, 'readiness to notice the dropped gateway');
    const { body } = await get('/readyz');
    expect(body.checks).toEqual({ store: 'ok', discord: expect.stringMatching(/^gateway disconnected/), slack: 'ok' });
    expect((await get('/livez')).status).toBe(200);
  });

  it('stops answering once the bot has stopped', async () => {
    const running = bot!;
    bot = undefined;
    await running.stop();
    expect(running.health.stopping).toBe(true);
    expect(await reachable()).toBe(false);
  });
});

describe('readiness checks', () => {
  it('count a check that does not answer in time as down, saying so', async () => {
    const health = createHealth({ expect: ['store'], timeoutMs: 50 });
    health.set('store', () => new Promise<void>(() => undefined));
    health.ready = true;
    expect(await health.readiness()).toEqual({
      ok: false,
      status: 'degraded',
      checks: { store: 'no answer within 50 ms' },
    });
  });

  it("count a silent check as down once its bound has passed on the bot's clock, not before", async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const health = createHealth({ expect: ['store'], timeoutMs: 2000, clock });
    health.set('store', () => new Promise<void>(() => undefined));
    health.ready = true;
    let answer: unknown;
    void health.readiness().then((r) => (answer = r));
    await clock.advance(1999);
    expect(answer).toBeUndefined();
    await clock.advance(1);
    expect(answer).toEqual({ ok: false, status: 'degraded', checks: { store: 'no answer within 2000 ms' } });
  });

  it('fail while stopping even when every check passes', async () => {
    const health = createHealth({ expect: ['store'] });
    health.set('store', () => undefined);
    health.ready = true;
    health.stopping = true;
    expect(await health.readiness()).toEqual({ ok: false, status: 'stopping', checks: { store: 'ok' } });
  });
});
