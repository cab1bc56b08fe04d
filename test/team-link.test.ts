import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBackend } from '../src/store/memory-backend.js';
import type { Backend } from '../src/store/backend.js';
import { createDiscordFake, DEFAULTS, type DiscordFake } from './fakes/discord-fake.js';
import { createHfFake, type HfFake } from './fakes/hf-fake.js';
import { BOT_USER_ID, JSON_CONTENT_TYPE, createSlackFake, eventCallbackBody, postSigned, type SlackFake } from './fakes/slack-fake.js';
import { ask, startDiscordBot } from './support/discord-bot.js';
import { SECRET, command, startSlackBot } from './support/slack-bot.js';

let hf: HfFake;
let discord: DiscordFake;
let slack: SlackFake;
let backend: Backend;
let dBot: Awaited<ReturnType<typeof startDiscordBot>>;
let sBot: Awaited<ReturnType<typeof startSlackBot>>;
const ADMIN = { admin: true };

beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
beforeEach(async () => {
  backend = createMemoryBackend(); // one store both platforms' bots share, as one deployment
  discord = await createDiscordFake();
  slack = await createSlackFake({ users: [{ id: 'UADMIN', is_admin: true }] });
  dBot = await startDiscordBot(discord, hf, backend);
  sBot = await startSlackBot(slack, hf, { backend });
});
afterEach(async () => {
  await dBot.adapter.stop();
  await sBot.adapter.stop();
  await discord.close();
  await slack.close();
});

const codeIn = (text: string) => /code:([A-Z0-9]{8})/.exec(text)?.[1];
const settle = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('one team across Discord and Slack', () => {
  it('a linked team counts a Discord and a Slack vote on the same paper in one leaderboard', async () => {
    const offer = await ask(discord, 'team', { action: 'link' }, ADMIN);
    const code = codeIn(offer.content);
    expect(code).toBeDefined();
    expect((await command(slack, sBot.url, `team link code:${code!}`, 'UADMIN')).text).toMatch(/Linked with Discord server/);
    expect((await ask(discord, 'team', {}, ADMIN)).content).toMatch(/linked with Slack workspace T0001/);

    await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    await command(slack, sBot.url, 'digest 2026-06-12', 'UADMIN');
    const discordPaper = discord.messagesIn(DEFAULTS.channelId).filter((m) => (m.embeds as unknown[] | undefined)?.length)[0]!.id;
    const slackPaper = slack.messages('C0001')[1]!.ts;
    discord.sendReactionAdd({ messageId: discordPaper, emoji: '👍', userId: '400000000000000002' });
    await postSigned(
      sBot.url,
      eventCallbackBody({ type: 'reaction_added', user: 'U0002', reaction: '+1', item_user: BOT_USER_ID, item: { type: 'message', channel: 'C0001', ts: slackPaper }, event_ts: '1781258400.000100' }),
      JSON_CONTENT_TYPE,
      SECRET,
    );
    await settle(async () => (await ask(discord, 'top')).content.includes('2 votes'));
    expect((await ask(discord, 'top')).content).toMatch(/^Most voted papers in the last 7 days · 2 votes from 2 people:\n1\. 2 votes · /);
    expect((await command(slack, sBot.url, 'top')).text).toMatch(/1\. 2 votes · /);
  });

  it('a code works once, only on the other platform, and only for 10 minutes', async () => {
    const code = codeIn((await ask(discord, 'team', { action: 'link' }, ADMIN)).content)!;
    expect((await ask(discord, 'team', { action: 'link', code }, ADMIN)).content).toMatch(/Enter the code on the other platform/);
    const late = codeIn((await ask(discord, 'team', { action: 'link' }, ADMIN)).content)!;
    sBot.clock.set(sBot.clock.now() + 11 * 60_000);
    expect((await command(slack, sBot.url, `team link code:${late}`, 'UADMIN')).text).toMatch(/expired/);
    expect((await command(slack, sBot.url, `team link code:${code}`, 'UADMIN')).text).toMatch(/expired/);
    dBot.clock.set(sBot.clock.now());
    const fresh = codeIn((await ask(discord, 'team', { action: 'link' }, ADMIN)).content)!;
    expect((await command(slack, sBot.url, 'team link code:NOTACODE', 'UADMIN')).text).toMatch(/unknown or was used already/);
    expect((await command(slack, sBot.url, `team link code:${fresh}`, 'UADMIN')).text).toMatch(/Linked/);
    expect((await command(slack, sBot.url, `team link code:${fresh}`, 'UADMIN')).text).toMatch(/unknown or was used already/);
    expect((await ask(discord, 'team', { action: 'link' })).content).toMatch(/Only members with/);
  });
});
