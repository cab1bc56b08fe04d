// The app's DMs in the Slack fake, through a real @slack/web-api WebClient: conversations.open,
// its errors, and the im: scopes.
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackFake, imIdOf, type SlackFake } from './fake.js';

let fake: SlackFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const client = (f: SlackFake) =>
  new webApi.WebClient('xoxb-test', {
    slackApiUrl: f.apiUrl,
    logLevel: webApi.LogLevel.ERROR,
    retryConfig: { retries: 0 },
  });
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { data?: { error?: string; needed?: string } }) => e.data,
  );

describe('conversations.open', () => {
  it("answers the app's DM with a person, the same one again (already_open)", async () => {
    fake = await createSlackFake();
    const first = await client(fake).conversations.open({ users: 'U0001' });
    expect(first).toMatchObject({ ok: true, channel: { id: imIdOf('U0001') } });
    expect(first.already_open).toBeUndefined();
    expect(await client(fake).conversations.open({ users: 'U0001' })).toMatchObject({
      ok: true,
      already_open: true,
      channel: { id: 'D0001' },
    });
    await client(fake).chat.postMessage({ channel: 'D0001', text: 'hello' });
    expect(fake.messages('D0001').map((m) => m.text)).toEqual(['hello']);
  });

  it('refuses someone it does not know, a deactivated account and a bot', async () => {
    fake = await createSlackFake({ users: [{ id: 'UGONE', deleted: true }] });
    expect(await errorOf(client(fake).conversations.open({ users: 'UNOBODY' }))).toMatchObject({
      error: 'user_not_found',
    });
    expect(await errorOf(client(fake).conversations.open({ users: 'UGONE' }))).toMatchObject({
      error: 'user_disabled',
    });
    expect(await errorOf(client(fake).conversations.open({ users: 'U0BOT' }))).toMatchObject({
      error: 'cannot_dm_bot',
    });
  });

  it("still takes a post to a deactivated person's DM, as Slack does: only opening it tells", async () => {
    fake = await createSlackFake();
    await client(fake).conversations.open({ users: 'U0001' });
    fake.workspace.users.get('U0001')!.deleted = true;
    expect((await client(fake).chat.postMessage({ channel: 'D0001', text: 'unseen' })).ok).toBe(true);
    expect(await errorOf(client(fake).conversations.open({ users: 'U0001' }))).toMatchObject({
      error: 'user_disabled',
    });
  });

  it('needs im:write, and reading a DM needs im:history', async () => {
    fake = await createSlackFake({ scopes: ['commands', 'chat:write', 'channels:history'] });
    expect(await errorOf(client(fake).conversations.open({ users: 'U0001' }))).toMatchObject({
      error: 'missing_scope',
      needed: 'im:write',
    });
    expect(await errorOf(client(fake).conversations.history({ channel: 'D0001' }))).toMatchObject({
      error: 'missing_scope',
      needed: 'im:history',
    });
    expect((await client(fake).conversations.history({ channel: 'C0001' })).ok).toBe(true);
  });
});
