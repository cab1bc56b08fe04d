// Held and dropped answers of the Slack fake: what a real @slack/web-api WebClient (the one Bolt
// uses) does when chat.postMessage was applied but its answer is late or never comes.
import { App, LogLevel, webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackFake, type SlackFake } from './fake.js';

const CHANNEL = 'C0DELIV';
const POST = { method: 'chat.postMessage' };
let fake: SlackFake;

beforeAll(async () => {
  fake = await createSlackFake({ channels: [{ id: CHANNEL }] });
});
beforeEach(() => {
  fake.reset();
  fake.messages(CHANNEL).length = 0;
});
afterAll(async () => {
  await fake.close();
});

/** A WebClient as Bolt builds it from clientOptions; retries without backoff waits. */
const client = (retries: number, timeout?: number): webApi.WebClient =>
  new webApi.WebClient('xoxb-test', {
    slackApiUrl: fake.apiUrl,
    logLevel: webApi.LogLevel.ERROR,
    retryConfig: { retries, minTimeout: 0, maxTimeout: 1 },
    ...(timeout !== undefined ? { timeout } : {}),
  });

const stored = () => fake.messages(CHANNEL).map((m) => m.text);
const answers = () => fake.callsTo('chat.postMessage').map((c) => c.answer ?? 'answered');

describe('dropNext: the post is applied, the connection ends without an answer', () => {
  it.each([
    ['close', 'socket hang up'],
    ['reset', 'read ECONNRESET'],
  ] as const)('a %s is retried as request_error: the message is posted twice', async (how, message) => {
    fake.dropNext(POST, 1, how);
    const res = await client(1).chat.postMessage({ channel: CHANNEL, text: 'slot 1' });
    expect(stored()).toEqual(['slot 1', 'slot 1']);
    expect(res.ts).toBe(fake.messages(CHANNEL)[1]?.ts);
    expect(answers()).toEqual(['dropped', 'answered']);
    fake.dropNext(POST, 1, how);
    await expect(client(0).chat.postMessage({ channel: CHANNEL, text: 'slot 2' })).rejects.toMatchObject({
      code: 'slack_webapi_request_error',
      message: `A request error occurred: ${message}`,
      original: { code: 'ECONNRESET' },
    });
  });

  it('with retries 0 the call rejects, yet the message exists and history shows it by its metadata', async () => {
    fake.dropNext(POST);
    const metadata = { event_type: 'paperfeed_slot', event_payload: { day: '2026-06-12', slot: 1 } };
    const web = client(0);
    await expect(web.chat.postMessage({ channel: CHANNEL, text: 'did it land?', metadata })).rejects.toMatchObject({
      code: 'slack_webapi_request_error',
    });
    const history = await web.conversations.history({ channel: CHANNEL, include_all_metadata: true });
    expect(history.messages?.map((m) => [m.text, m.metadata])).toEqual([['did it land?', metadata]]);
  });

  it("Bolt's app.client retries the same way, per clientOptions.retryConfig", async () => {
    const app = new App({
      token: 'xoxb-test',
      signingSecret: 'unused',
      tokenVerificationEnabled: false,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 1 } },
    });
    fake.dropNext(POST);
    await app.client.chat.postMessage({ channel: CHANNEL, text: 'via bolt' });
    expect(stored()).toEqual(['via bolt', 'via bolt']);
  });
});

describe('holdNext: the post is applied, the answer comes late', () => {
  it('without a timeout the call simply waits and resolves with the one message', async () => {
    fake.holdNext(POST, 150);
    const started = Date.now();
    const res = await client(1).chat.postMessage({ channel: CHANNEL, text: 'slow' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.ts).toBe(fake.messages(CHANNEL)[0]?.ts);
    expect(answers()).toEqual(['held']);
  });

  it('past the timeout option the call rejects with request_error (ECONNABORTED), yet the message exists', async () => {
    fake.holdNext(POST, 600);
    await expect(client(0, 100).chat.postMessage({ channel: CHANNEL, text: 'timed out' })).rejects.toMatchObject({
      code: 'slack_webapi_request_error',
      original: { code: 'ECONNABORTED' },
    });
    expect(stored()).toEqual(['timed out']);
  });

  it('past the timeout option with retries the post lands once per attempt', async () => {
    fake.holdNext(POST, 600);
    const res = await client(1, 100).chat.postMessage({ channel: CHANNEL, text: 'twice' });
    expect(stored()).toEqual(['twice', 'twice']);
    expect(res.ts).toBe(fake.messages(CHANNEL)[1]?.ts);
    expect(answers()).toEqual(['held', 'answered']);
  });
});

describe('threads and deletes', () => {
  it('posts a reply to a deleted parent outside the thread, without thread_ts, and deletes only its own messages', async () => {
    const web = client(0);
    const parent = await web.chat.postMessage({ channel: CHANNEL, text: 'header' });
    const reply = await web.chat.postMessage({ channel: CHANNEL, text: 'in thread', thread_ts: parent.ts });
    expect(reply.message?.thread_ts).toBe(parent.ts);
    await web.chat.delete({ channel: CHANNEL, ts: parent.ts! });
    const stray = await web.chat.postMessage({ channel: CHANNEL, text: 'orphan', thread_ts: parent.ts });
    expect(stray.ok).toBe(true);
    expect(stray.message?.thread_ts).toBeUndefined();
    expect(stored()).toEqual(['in thread', 'orphan']);
    await expect(web.chat.delete({ channel: CHANNEL, ts: parent.ts! })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
  });
});
