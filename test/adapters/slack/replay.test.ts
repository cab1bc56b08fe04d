import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/store/backend.js';
import { createRedisBackend } from '../../../src/store/redis-backend.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import {
  blockActionsBody,
  createSlackFake,
  FORM_CONTENT_TYPE,
  signSlackRequest,
  slashCommandBody,
  type SlackFake,
} from '../../fakes/slack/fake.js';
import { backendCases, sharedBackend } from '../../support/backends.js';
import { redisServerMissing, startRedisServer, type RedisServer } from '../../support/redis-server.js';
import { SECRET, startSlackBot, type SlackBot } from '../../support/slack-bot.js';

let hf: HfFake;
let slack: SlackFake;
const cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function bots(...backends: (Backend | undefined)[]): Promise<SlackBot[]> {
  slack = await createSlackFake({ users: [{ id: 'UADMIN', is_admin: true }] });
  cleanups.push(() => slack.close());
  const started: SlackBot[] = [];
  for (const backend of backends) {
    const bot = await startSlackBot(slack, hf, { backend });
    cleanups.push(() => bot.adapter.stop());
    started.push(bot);
  }
  return started;
}

/**
 * A request Slack signed `ageS` seconds ago, sent again byte for byte by `to(url)`: same body, same
 * signature and timestamp headers. Resolves to the HTTP status and body text.
 */
function signedRequest(body: string, ageS = 0) {
  const headers = {
    'Content-Type': FORM_CONTENT_TYPE,
    ...signSlackRequest(body, SECRET, Math.floor(Date.now() / 1000) - ageS),
  };
  return {
    to: async (url: string) => {
      const res = await fetch(url, { method: 'POST', headers, body });
      return { status: res.status, body: await res.text() };
    },
  };
}

let helps = 0;
/** A new `/papers help` (its own response_url, so its own body and signature). */
const helpRequest = (ageS = 0) =>
  signedRequest(
    slashCommandBody({ text: 'help', userId: 'UADMIN', responseUrl: slack.responseUrl(`help${++helps}`) }),
    ageS,
  );
/** Public confirmations the bot posted in the channel (delivery posts carry metadata). */
const confirmations = () =>
  slack.callsTo('chat.postMessage').filter((c) => c.body.metadata === undefined && (c.response as { ok?: boolean }).ok);

describe('Slack: a signed request is accepted once', () => {
  it('ignores a subscribe replayed byte for byte 2 s later (also to /slack/events?x=1): a removed subscription stays removed', async () => {
    const [bot] = await bots(undefined);
    const subscribe = signedRequest(
      slashCommandBody({ text: 'subscribe', userId: 'UADMIN', responseUrl: slack.responseUrl('sub') }),
      2,
    );
    expect((await subscribe.to(bot!.url)).status).toBe(200);
    await slack.waitFor((r) => r.kind === 'call' && r.method === 'chat.postMessage', 5000, 'the confirmation');
    const unsubscribe = signedRequest(
      blockActionsBody({
        actionId: 'papers:unsubscribe:confirm:',
        value: 'unsubscribe:confirm:',
        userId: 'UADMIN',
        responseUrl: slack.responseUrl('unsub'),
      }),
    );
    expect((await unsubscribe.to(bot!.url)).status).toBe(200);
    await slack.waitFor((r) => r.kind === 'response' && r.id === 'unsub', 5000, 'the unsubscribe answer');
    expect(await bot!.core.stores.subscriptions.list()).toEqual([]);

    for (const url of [bot!.url, `${bot!.url}?x=1`]) expect(await subscribe.to(url)).toEqual({ status: 200, body: '' });
    expect(await unsubscribe.to(bot!.url)).toEqual({ status: 200, body: '' });
    await new Promise((r) => setTimeout(r, 300)); // what a replay would have started
    expect(await bot!.core.stores.subscriptions.list()).toEqual([]);
    expect(confirmations()).toHaveLength(1);
    expect(bot!.logger.entries.filter((e) => e.msg === 'slack request replayed; ignored')).toHaveLength(1);
  });

  it('answers the same body signed again (as Slack signs each retry when it sends it)', async () => {
    const [bot] = await bots(undefined);
    const body = slashCommandBody({ text: 'help', userId: 'UADMIN', responseUrl: slack.responseUrl('h') });
    expect((await signedRequest(body, 1).to(bot!.url)).body).toMatch(/\/papers/);
    expect((await signedRequest(body, 0).to(bot!.url)).body).toMatch(/\/papers/);
  });

  for (const c of backendCases().filter((b) => b.name === 'redis' || b.name === 'postgres')) {
    it.skipIf(Boolean(c.skip))(`ignores a replay sent to another instance sharing ${c.name}`, async () => {
      if (c.skip) console.log(`skipping the ${c.name} replay test: ${c.skip}`);
      cleanups.push(() => c.cleanup());
      const { first, another } = await sharedBackend(c);
      const [one, two] = await bots(first, await another());
      const help = helpRequest(2);
      expect((await help.to(one!.url)).body).toMatch(/\/papers/);
      expect(await help.to(two!.url)).toEqual({ status: 200, body: '' });
      expect(await help.to(`${two!.url}?x=1`)).toEqual({ status: 200, body: '' });
      expect(await help.to(one!.url)).toEqual({ status: 200, body: '' });
    });
  }
});

describe.skipIf(Boolean(redisServerMissing()))('Slack: replays while the shared store is down', () => {
  it('still refuses a replay to the instance that saw it, and older ones anywhere, while fresh requests are answered', async () => {
    const redis: RedisServer = await startRedisServer();
    cleanups.push(() => redis.stop());
    const open = async () => {
      const backend = await createRedisBackend(redis.url, { namespace: 'replay-outage' });
      cleanups.push(() => backend.close().catch(() => undefined));
      return backend;
    };
    const [one, two] = await bots(await open(), await open());
    const seen = helpRequest(2);
    const older = helpRequest(30);
    expect((await seen.to(one!.url)).body).toMatch(/\/papers/);
    expect((await older.to(one!.url)).body).toMatch(/\/papers/);

    await redis.stop();
    expect(await seen.to(one!.url)).toEqual({ status: 200, body: '' });
    expect(await older.to(two!.url)).toEqual({ status: 200, body: '' });
    expect((await helpRequest().to(one!.url)).body).toMatch(/\/papers/);
    expect((await helpRequest().to(two!.url)).body).toMatch(/\/papers/);
  });
});
