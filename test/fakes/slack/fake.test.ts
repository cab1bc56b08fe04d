// Drives the REAL @slack/bolt (HTTPReceiver and Socket Mode) and @slack/web-api against the local fake.
import type { AddressInfo } from 'node:net';
import { App, LogLevel, webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FORM_CONTENT_TYPE,
  JSON_CONTENT_TYPE,
  blockActionsBody,
  createSlackFake,
  eventCallbackBody,
  postSigned,
  slashCommandBody,
  slashCommandFields,
  validateSlackMessage,
} from './fake.js';
import type { SlackFake } from './fake.js';

const SECRET = 'test-signing-secret';
let fake: SlackFake;
const apps: App[] = [];

beforeAll(async () => {
  fake = await createSlackFake({ users: [{ id: 'U0ADMIN', name: 'root', is_admin: true }] });
});
beforeEach(() => fake.reset());
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.stop()));
});
afterAll(async () => {
  await fake.close();
});

/** Real Bolt HTTP app pointed at the fake; returns the app and its /slack/events URL. */
async function startHttpApp(setup: (app: App) => void): Promise<{ app: App; url: string }> {
  const app = new App({
    token: 'xoxb-test',
    signingSecret: SECRET,
    botId: 'B0BOT',
    botUserId: 'U0BOT',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });
  setup(app);
  apps.push(app);
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events` };
}

const client = (retries = 0): webApi.WebClient =>
  new webApi.WebClient('xoxb-test', {
    slackApiUrl: fake.apiUrl,
    logLevel: webApi.LogLevel.ERROR,
    retryConfig: { retries, minTimeout: 0, maxTimeout: 1 },
  });

describe('Bolt HTTP receiver against the Slack fake', () => {
  it('runs /papers for a signed slash command: ack body is the HTTP response, respond() and say() reach the fake', async () => {
    const { url } = await startHttpApp((app) => {
      app.command('/papers', async ({ ack, respond, say, command }) => {
        await ack({ response_type: 'ephemeral', text: `searching ${command.text}` });
        await respond({ response_type: 'ephemeral', text: 'found 3 papers' });
        await say({ text: 'Top paper', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Top paper*' } }] });
      });
    });
    const body = slashCommandBody({ text: 'diffusion models', responseUrl: fake.responseUrl('cmd1') });
    const res = await postSigned(url, body, FORM_CONTENT_TYPE, SECRET);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ response_type: 'ephemeral', text: 'searching diffusion models' });

    const posted = await fake.waitForCall('chat.postMessage');
    expect(posted.body).toMatchObject({ channel: 'C0001', text: 'Top paper', blocks: [{ type: 'section' }] });
    expect(posted.headers.authorization).toBe('Bearer xoxb-test');
    const responded = await fake.waitForResponse((r) => r.id === 'cmd1');
    expect(responded.body).toMatchObject({ text: 'found 3 papers' });
    expect(fake.messages('C0001').map((m) => m.text)).toEqual(['Top paper']);
    expect(fake.violations).toEqual([]);
  });

  it('rejects a forged signature with 401 without running the handler', async () => {
    let ran = false;
    const { url } = await startHttpApp((app) => {
      app.command('/papers', async ({ ack }) => {
        ran = true;
        await ack();
      });
    });
    const body = slashCommandBody({ text: 'x', responseUrl: fake.responseUrl('forged') });
    const res = await postSigned(url, body, FORM_CONTENT_TYPE, SECRET, { badSignature: true });
    expect(res.status).toBe(401);
    expect(ran).toBe(false);
    expect(fake.calls).toEqual([]);
  });

  it('rejects a request signed more than 5 minutes ago with 401', async () => {
    let ran = false;
    const { url } = await startHttpApp((app) => {
      app.command('/papers', async ({ ack }) => {
        ran = true;
        await ack();
      });
    });
    const body = slashCommandBody({ text: 'x', responseUrl: fake.responseUrl('stale') });
    const timestamp = Math.floor(Date.now() / 1000) - 301;
    const res = await postSigned(url, body, FORM_CONTENT_TYPE, SECRET, { timestamp });
    expect(res.status).toBe(401);
    expect(ran).toBe(false);
  });

  it('delivers a reaction_added event callback to app.event', async () => {
    const { url } = await startHttpApp((app) => {
      app.event('reaction_added', async ({ event, client: c }) => {
        await c.reactions.add({
          channel: event.item.channel,
          timestamp: event.item.ts,
          name: `seen-${event.reaction}`,
        });
      });
    });
    const event = {
      type: 'reaction_added',
      user: 'U0001',
      reaction: 'thumbsup',
      item_user: 'U0BOT',
      item: { type: 'message', channel: 'C0001', ts: '1700000000.000100' },
      event_ts: '1700000001.000200',
    };
    const res = await postSigned(url, eventCallbackBody(event, { eventId: 'Ev1' }), JSON_CONTENT_TYPE, SECRET);
    expect(res.status).toBe(200);
    const call = await fake.waitForCall('reactions.add');
    expect(call.body).toMatchObject({ channel: 'C0001', timestamp: '1700000000.000100', name: 'seen-thumbsup' });
  });

  it('routes a signed block_actions payload to app.action and respond() to its response_url', async () => {
    const { url } = await startHttpApp((app) => {
      app.action('subscribe', async ({ ack, respond, action }) => {
        await ack();
        await respond({ replace_original: false, text: `subscribed ${'value' in action ? action.value : ''}` });
      });
    });
    const body = blockActionsBody({ actionId: 'subscribe', value: 'cs.LG', responseUrl: fake.responseUrl('act1') });
    expect((await postSigned(url, body, FORM_CONTENT_TYPE, SECRET)).status).toBe(200);
    expect((await fake.waitForResponse((r) => r.id === 'act1')).body).toMatchObject({ text: 'subscribed cs.LG' });
  });
});

describe('Web API behaviour of the fake', () => {
  it('rejects a 51-block message with invalid_blocks and records the violation', async () => {
    const stored = fake.messages('C0001').length;
    const blocks = Array.from({ length: 51 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `#${i}` } }));
    await expect(client().chat.postMessage({ channel: 'C0001', text: 'too many', blocks })).rejects.toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { error: 'invalid_blocks' },
    });
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]?.problems).toEqual(['invalid_blocks: 51 blocks (max 50)']);
    expect(fake.messages('C0001')).toHaveLength(stored);
  });

  it('accepts blocks without a text fallback but records a missing_text violation', async () => {
    const res = await client().chat.postMessage({ channel: 'C0001', blocks: [{ type: 'divider' }] });
    expect(res.ok).toBe(true);
    expect(fake.violations.map((v) => v.problems)).toEqual([
      ['missing_text: blocks were sent without a top-level text fallback'],
    ]);
  });

  it('retries chat.postMessage after a 429 with Retry-After: 1 and then succeeds', async () => {
    fake.failNext({ method: 'chat.postMessage' }, { status: 429, headers: { 'Retry-After': '1' } });
    const started = Date.now();
    const res = await client(1).chat.postMessage({ channel: 'C0001', text: 'hello' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(fake.rateLimitedCount).toBe(1);
  });

  it('surfaces an injected channel_not_found as a platform error', async () => {
    fake.failNext({ method: 'chat.postMessage' }, { body: { ok: false, error: 'channel_not_found' } });
    await expect(client().chat.postMessage({ channel: 'C0404', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    expect((await client().chat.postMessage({ channel: 'C0404', text: 'x' })).ok).toBe(true);
  });

  it('answers users.info with seeded admin flags and user_not_found for unknown users', async () => {
    const res = await client().users.info({ user: 'U0ADMIN' });
    expect(res.user).toMatchObject({ id: 'U0ADMIN', is_admin: true, is_owner: false, is_bot: false });
    expect((await client().users.info({ user: 'U0001' })).user?.is_admin).toBe(false);
    await expect(client().users.info({ user: 'U9999' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
  });

  it('issues increasing ts values and applies chat.update and reactions to stored messages', async () => {
    const a = await client().chat.postMessage({ channel: 'C0001', text: 'one' });
    const b = await client().chat.postMessage({ channel: 'C0001', text: 'two' });
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
    await client().chat.update({ channel: 'C0001', ts: a.ts ?? '', text: 'one (edited)' });
    await client().reactions.add({ channel: 'C0001', timestamp: b.ts ?? '', name: 'eyes' });
    expect(fake.messages('C0001').slice(-2)).toMatchObject([
      { text: 'one (edited)', edited: true },
      { text: 'two', reactions: ['eyes'] },
    ]);
  });

  it('throttles chat.postMessage per channel after a burst of 3 when rate limiting is on', async () => {
    fake.setRateLimit({ perSecond: 1, burst: 3 });
    try {
      const post = (channel: string): Promise<Response> =>
        fetch(`${fake.apiUrl}chat.postMessage`, {
          method: 'POST',
          headers: { 'Content-Type': FORM_CONTENT_TYPE, Authorization: 'Bearer xoxb-test' },
          body: new URLSearchParams({ channel, text: 'x' }).toString(),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await post('C0001')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(fake.callsTo('chat.postMessage').at(-1)?.status).toBe(429);
      const limited = await post('C0001');
      expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect((await post('C0002')).status).toBe(200);
      expect(fake.rateLimitedCount).toBe(2);
    } finally {
      fake.setRateLimit(false);
    }
  });

  it('validator flags each documented Block Kit limit and a missing text fallback', () => {
    const long = (n: number): string => 'x'.repeat(n);
    const problems = validateSlackMessage({
      blocks: [
        { type: 'section', block_id: long(256), text: { type: 'mrkdwn', text: long(3001) } },
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: long(2001) })) },
        { type: 'header', text: { type: 'plain_text', text: long(151) } },
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: long(256), text: { type: 'plain_text', text: long(76) } }],
        },
        { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
      ],
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'invalid_blocks',
      'invalid_blocks',
      'invalid_blocks',
      ...Array<string>(11).fill('invalid_blocks'),
      'invalid_blocks',
      'invalid_blocks',
      'invalid_blocks',
      'invalid_blocks',
      'missing_text',
    ]);
    expect(validateSlackMessage({ text: long(40_001) })).toEqual(['msg_too_long: text is 40001 chars (max 40000)']);
    expect(validateSlackMessage({ text: 'ok', blocks: [{ type: 'divider' }] })).toEqual([]);
  });
});

describe('Socket Mode against the Slack fake', () => {
  it('starts after hello and acks a slash_commands envelope with the ack payload', async () => {
    const app = new App({
      token: 'xoxb-test',
      appToken: 'xapp-test',
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/papers', async ({ ack, command }) => {
      await ack({ response_type: 'ephemeral', text: `ack ${command.text}` });
    });
    apps.push(app);
    await app.start();
    expect(fake.socketConnections).toBe(1);
    expect(fake.callsTo('apps.connections.open')[0]?.headers.authorization).toBe('Bearer xapp-test');

    const payload = slashCommandFields({ text: 'graph neural nets', responseUrl: fake.responseUrl('sock1') });
    const ack = await fake.sendEnvelope('slash_commands', payload, { envelopeId: 'env-cmd-1' });
    expect(ack).toEqual({
      envelope_id: 'env-cmd-1',
      payload: { response_type: 'ephemeral', text: 'ack graph neural nets' },
    });
  });
});
