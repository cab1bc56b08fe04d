// Modals (views.open), DMs by user id, and a reply's thread, through a real @slack/web-api WebClient.
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackFake, type SlackFake } from './fake.js';

let fake: SlackFake;
let client: webApi.WebClient;
beforeAll(async () => {
  fake = await createSlackFake({
    users: [
      { id: 'UANA', name: 'Ana' },
      { id: 'UGONE', deleted: true },
    ],
  });
  client = new webApi.WebClient('xoxb-test', {
    slackApiUrl: fake.apiUrl,
    logLevel: webApi.LogLevel.ERROR,
    retryConfig: { retries: 0 },
  });
});
afterAll(() => fake.close());

const modal = (over: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: 'Add takeaway' },
  submit: { type: 'plain_text' as const, text: 'Save' },
  blocks: [
    {
      type: 'input',
      block_id: 'b',
      label: { type: 'plain_text', text: 'What?' },
      element: { type: 'plain_text_input', action_id: 'a' },
    },
  ],
  ...over,
});
const slackError = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { data?: { error?: string } }) => e.data?.error,
  );

describe('views.open', () => {
  it('opens a modal once per trigger and answers with the view and its id', async () => {
    const res = await client.views.open({
      trigger_id: '1.1',
      view: modal({ callback_id: 'cb', private_metadata: '{"a":1}' }),
    });
    expect(res.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      callback_id: 'cb',
      private_metadata: '{"a":1}',
      state: { values: {} },
    });
    expect(fake.workspace.views.opened.map((v) => v.triggerId)).toEqual(['1.1']);
    expect(await slackError(client.views.open({ trigger_id: '1.1', view: modal() }))).toBe('expired_trigger_id');
  });

  it('refuses what Slack refuses: no trigger, a long title, inputs without submit', async () => {
    expect(await slackError(client.views.open({ trigger_id: '', view: modal() }))).toBe('invalid_trigger_id');
    const long = modal({ title: { type: 'plain_text', text: 'A title over twenty-four characters' } });
    expect(await slackError(client.views.open({ trigger_id: '1.2', view: long }))).toBe('invalid_arguments');
    expect(await slackError(client.views.open({ trigger_id: '1.3', view: modal({ submit: undefined }) }))).toBe(
      'invalid_arguments',
    );
  });
});

describe('chat.postMessage to a user', () => {
  it("posts in the app's DM with them, as Slack does, and refuses bots and deactivated users", async () => {
    const res = await client.chat.postMessage({ channel: 'UANA', text: 'hello' });
    expect(res.channel).toBe('DANA');
    expect(fake.messages('DANA').map((m) => m.text)).toEqual(['hello']);
    expect(await slackError(client.chat.postMessage({ channel: 'U0BOT', text: 'x' }))).toBe('cannot_dm_bot');
    expect(await slackError(client.chat.postMessage({ channel: 'UGONE', text: 'x' }))).toBe('user_disabled');
  });
});

describe('conversations.replies of a reply', () => {
  it("answers the reply's whole thread, parent first", async () => {
    const parent = await client.chat.postMessage({ channel: 'C0001', text: 'parent' });
    const reply = await client.chat.postMessage({ channel: 'C0001', text: 'reply', thread_ts: parent.ts });
    const res = await client.conversations.replies({ channel: 'C0001', ts: reply.ts! });
    expect(res.messages?.map((m) => m.text)).toEqual(['parent', 'reply']);
  });
});
