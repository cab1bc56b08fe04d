// Message metadata and conversations.history of the Slack fake, through a real @slack/web-api WebClient.
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackFake, type SlackFake } from './fake.js';

let fake: SlackFake;
let client: webApi.WebClient;

beforeAll(async () => {
  fake = await createSlackFake({
    channels: [{ id: 'C0META' }, { id: 'C0HIST' }, { id: 'C0PAGE' }, { id: 'C0OUT', is_member: false }],
  });
  client = new webApi.WebClient('xoxb-test', {
    slackApiUrl: fake.apiUrl,
    logLevel: webApi.LogLevel.ERROR,
    retryConfig: { retries: 0 },
  });
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

const slot = (n: number) => ({ event_type: 'paperfeed_slot', event_payload: { day: '2026-06-12', slot: n } });
type HistoryMessage = { ts?: string; text?: string; metadata?: unknown };
const texts = (r: { messages?: HistoryMessage[] }) => (r.messages ?? []).map((m) => m.text);

describe('chat.postMessage metadata', () => {
  it('stores metadata that conversations.history returns only with include_all_metadata', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0META', text: 'slot 1', metadata: slot(1) });
    expect(fake.messages('C0META')[0]?.metadata).toEqual(slot(1));
    const plain = await client.conversations.history({ channel: 'C0META' });
    const full = await client.conversations.history({ channel: 'C0META', include_all_metadata: true });
    expect(plain.messages?.[0]).not.toHaveProperty('metadata');
    expect(full.messages?.[0]).toMatchObject({ ts: posted.ts, text: 'slot 1', metadata: slot(1) });
  });

  it('answers invalid_metadata_format for a non-string event_type, a non-object payload or unparsable JSON', async () => {
    const bad: unknown[] = [
      { event_type: 5, event_payload: {} },
      { event_type: 'x', event_payload: 'text' },
      { event_type: 'x' },
      '{not json',
    ];
    for (const metadata of bad) {
      await expect(
        client.chat.postMessage({ channel: 'C0META', text: 'bad', metadata } as never),
      ).rejects.toMatchObject({
        code: 'slack_webapi_platform_error',
        data: { ok: false, error: 'invalid_metadata_format' },
      });
    }
    expect(fake.messages('C0META').filter((m) => m.text === 'bad')).toEqual([]);
  });
});

describe('conversations.history', () => {
  const ts: string[] = [];
  beforeAll(async () => {
    for (let n = 1; n <= 5; n++) ts.push((await client.chat.postMessage({ channel: 'C0HIST', text: `m${n}` })).ts!);
    await client.chat.postMessage({ channel: 'C0HIST', text: 'a reply', thread_ts: ts[0]! });
  });

  it('lists top-level messages newest first, leaving thread replies out', async () => {
    const r = await client.conversations.history({ channel: 'C0HIST' });
    expect(texts(r)).toEqual(['m5', 'm4', 'm3', 'm2', 'm1']);
    expect(r).toMatchObject({ ok: true, has_more: false });
    expect(r.response_metadata?.next_cursor ?? '').toBe('');
  });

  it('bounds by oldest and latest, exclusive unless inclusive', async () => {
    const range = { channel: 'C0HIST', oldest: ts[1]!, latest: ts[3]! };
    expect(texts(await client.conversations.history(range))).toEqual(['m3']);
    expect(texts(await client.conversations.history({ ...range, inclusive: true }))).toEqual(['m4', 'm3', 'm2']);
    expect(texts(await client.conversations.history({ channel: 'C0HIST', oldest: ts[3]! }))).toEqual(['m5']);
  });

  it('pages by limit with response_metadata.next_cursor, which WebClient.paginate follows', async () => {
    for (let n = 1; n <= 5; n++) await client.chat.postMessage({ channel: 'C0PAGE', text: `p${n}` });
    const first = await client.conversations.history({ channel: 'C0PAGE', limit: 2 });
    expect(texts(first)).toEqual(['p5', 'p4']);
    expect(first.has_more).toBe(true);
    const second = await client.conversations.history({
      channel: 'C0PAGE',
      limit: 2,
      cursor: first.response_metadata!.next_cursor!,
    });
    expect(texts(second)).toEqual(['p3', 'p2']);
    const pages: string[][] = [];
    for await (const page of client.paginate('conversations.history', { channel: 'C0PAGE', limit: 2 }))
      pages.push(texts(page as { messages?: HistoryMessage[] }) as string[]);
    expect(pages).toEqual([['p5', 'p4'], ['p3', 'p2'], ['p1']]);
  });

  it('answers channel_not_found, not_in_channel and invalid_cursor', async () => {
    const error = (args: Record<string, unknown>) =>
      client.conversations.history(args as never).catch((e: { data?: { error?: string } }) => e.data?.error);
    expect(await error({ channel: 'C0NOWHERE' })).toBe('channel_not_found');
    expect(await error({ channel: 'C0OUT' })).toBe('not_in_channel');
    expect(await error({ channel: 'C0HIST', cursor: 'bm9wZQ==' })).toBe('invalid_cursor');
  });
});
