import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import type { Backend } from '../../src/store/backend.js';
import { createDiscordFake, DEFAULTS, type DiscordFake } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import {
  BOT_USER_ID,
  JSON_CONTENT_TYPE,
  createSlackFake,
  eventCallbackBody,
  postSigned,
  type SlackFake,
} from '../fakes/slack/fake.js';
import { ask, startDiscordBot } from '../support/discord-bot.js';
import { SECRET, command, startSlackBot } from '../support/slack-bot.js';

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
    expect((await command(slack, sBot.url, `team link code:${code!}`, 'UADMIN')).text).toMatch(
      /Linked with Discord server/,
    );
    expect((await ask(discord, 'team', {}, ADMIN)).content).toMatch(/linked with Slack workspace T0001/);

    await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
    await command(slack, sBot.url, 'digest 2026-06-12', 'UADMIN');
    const discordPaper = discord
      .messagesIn(DEFAULTS.channelId)
      .filter((m) => (m.embeds as unknown[] | undefined)?.length)[0]!.id;
    const slackPaper = slack.messages('C0001')[1]!.ts;
    discord.sendReactionAdd({ messageId: discordPaper, emoji: '👍', userId: '400000000000000002' });
    await postSigned(
      sBot.url,
      eventCallbackBody({
        type: 'reaction_added',
        user: 'U0002',
        reaction: '+1',
        item_user: BOT_USER_ID,
        item: { type: 'message', channel: 'C0001', ts: slackPaper },
        event_ts: '1781258400.000100',
      }),
      JSON_CONTENT_TYPE,
      SECRET,
    );
    await settle(async () => (await ask(discord, 'top')).content.includes('2 votes'));
    expect((await ask(discord, 'top')).content).toMatch(
      /^Most voted papers in the last 7 days · 2 votes from 2 people:\n1\. 2 votes · /,
    );
    expect((await command(slack, sBot.url, 'top')).text).toMatch(/1\. 2 votes · /);
  });

  it('a code works once, only on the other platform, and only for 10 minutes', async () => {
    const code = codeIn((await ask(discord, 'team', { action: 'link' }, ADMIN)).content)!;
    expect((await ask(discord, 'team', { action: 'link', code }, ADMIN)).content).toMatch(
      /Enter the code on the other platform/,
    );
    const late = codeIn((await ask(discord, 'team', { action: 'link' }, ADMIN)).content)!;
    sBot.clock.set(sBot.clock.now() + 11 * 60_000);
    expect((await command(slack, sBot.url, `team link code:${late}`, 'UADMIN')).text).toMatch(/expired/);
    expect((await command(slack, sBot.url, `team link code:${code}`, 'UADMIN')).text).toMatch(/expired/);
    dBot.clock.set(sBot.clock.now());
    const fresh = codeIn((await ask(discord, 'team', { action: 'link' }, ADMIN)).content)!;
    expect((await command(slack, sBot.url, 'team link code:NOTACODE', 'UADMIN')).text).toMatch(
      /unknown or was used already/,
    );
    expect((await command(slack, sBot.url, `team link code:${fresh}`, 'UADMIN')).text).toMatch(/Linked/);
    expect((await command(slack, sBot.url, `team link code:${fresh}`, 'UADMIN')).text).toMatch(
      /unknown or was used already/,
    );
    expect((await ask(discord, 'team', { action: 'link' })).content).toMatch(/Only members with/);
  });

  describe('linked accounts', () => {
    const MEMBER = '400000000000000002';
    const reactOnSlack = (ts: string, type: 'reaction_added' | 'reaction_removed', eventTs: string) =>
      postSigned(
        sBot.url,
        eventCallbackBody({
          type,
          user: 'U0002',
          reaction: '+1',
          item_user: BOT_USER_ID,
          item: { type: 'message', channel: 'C0001', ts },
          event_ts: eventTs,
        }),
        JSON_CONTENT_TYPE,
        SECRET,
      );
    const linkTeams = async () => {
      const code = codeIn((await ask(discord, 'team', { action: 'link' }, ADMIN)).content)!;
      expect((await command(slack, sBot.url, `team link code:${code}`, 'UADMIN')).text).toMatch(/Linked/);
    };
    const linkAccounts = async () => {
      const offer = await ask(discord, 'account', { action: 'link' }, { userId: MEMBER });
      expect(offer.ephemeral).toBe(true);
      expect((await command(slack, sBot.url, `account link code:${codeIn(offer.content)!}`, 'U0002')).text).toMatch(
        /Linked with your Discord account/,
      );
    };
    const postBoth = async () => {
      await ask(discord, 'digest', { date: '2026-06-12' }, ADMIN);
      await command(slack, sBot.url, 'digest 2026-06-12', 'UADMIN');
      return {
        discordPaper: discord
          .messagesIn(DEFAULTS.channelId)
          .filter((m) => (m.embeds as unknown[] | undefined)?.length)[0]!.id,
        slackPaper: slack.messages('C0001')[1]!.ts,
      };
    };

    it('one person reacting on Discord and on Slack to the same paper is one vote', async () => {
      await linkTeams();
      await linkAccounts();
      expect((await command(slack, sBot.url, 'account', 'U0002')).text).toMatch(/linked with your Discord account/);
      const { discordPaper, slackPaper } = await postBoth();
      discord.sendReactionAdd({ messageId: discordPaper, emoji: '👍', userId: MEMBER });
      await settle(async () => (await ask(discord, 'top')).content.includes('1 vote'));
      await reactOnSlack(slackPaper, 'reaction_added', '1781258400.000100');
      await new Promise((r) => setTimeout(r, 100));
      expect((await ask(discord, 'top')).content).toMatch(/· 1 vote from 1 person:\n1\. 1 vote · /);
      expect((await command(slack, sBot.url, 'top voters all')).text).toMatch(/\(1 person\):\n1\. .+ · 1 vote$/);
      // Removing one of the two reactions keeps the vote; removing both takes it back.
      discord.sendReactionRemove({ messageId: discordPaper, emoji: '👍', userId: MEMBER });
      await new Promise((r) => setTimeout(r, 100));
      expect((await command(slack, sBot.url, 'top')).text).toMatch(/1\. 1 vote · /);
      await reactOnSlack(slackPaper, 'reaction_removed', '1781258400.000200');
      await settle(async () => /No votes yet/.test((await ask(discord, 'top')).content));
      expect((await ask(discord, 'top')).content).toMatch(/No votes yet/);
    });

    it('a reaction added before the accounts were linked and removed after takes its vote back', async () => {
      await linkTeams();
      const { discordPaper, slackPaper } = await postBoth();
      discord.sendReactionAdd({ messageId: discordPaper, emoji: '👍', userId: MEMBER });
      await settle(async () => (await ask(discord, 'top')).content.includes('1 vote'));
      await linkAccounts();
      await reactOnSlack(slackPaper, 'reaction_added', '1781258400.000100');
      discord.sendReactionRemove({ messageId: discordPaper, emoji: '👍', userId: MEMBER });
      await settle(async () => /1 vote from 1 person/.test((await ask(discord, 'top')).content));
      expect((await ask(discord, 'top')).content).toMatch(/· 1 vote from 1 person:/);
      await reactOnSlack(slackPaper, 'reaction_removed', '1781258400.000200');
      await settle(async () => /No votes yet/.test((await ask(discord, 'top')).content));
      expect((await command(slack, sBot.url, 'top')).text).toMatch(/No votes yet/);
      expect((await command(slack, sBot.url, 'top voters all')).text).toMatch(/Nobody has voted/);
      expect((await ask(discord, 'top', { period: 'me all' }, { userId: MEMBER })).content).toMatch(
        /You have no votes/,
      );
    });

    it('an account code is private, works once and only on the other platform, and not as a team code', async () => {
      const offer = await ask(discord, 'account', { action: 'link' }, { userId: MEMBER });
      const code = codeIn(offer.content)!;
      expect((await ask(discord, 'account', { code }, { userId: '400000000000000003' })).content).toMatch(
        /Enter the code on the other platform/,
      );
      expect((await command(slack, sBot.url, `team link code:${code}`, 'UADMIN')).text).toMatch(
        /That code is for `\/papers account link`/,
      );
      expect((await command(slack, sBot.url, `account link code:${code}`, 'U0002')).text).toMatch(/Linked/);
      expect((await command(slack, sBot.url, `account link code:${code}`, 'U0003')).text).toMatch(
        /unknown or was used already/,
      );
      expect((await ask(discord, 'account', {}, { userId: MEMBER })).content).toMatch(/linked with your Slack account/);
      expect((await ask(discord, 'account', { action: 'unlink' }, { userId: MEMBER })).content).toMatch(/Unlinked/);
      expect((await command(slack, sBot.url, 'account', 'U0002')).text).toMatch(/not linked/);
    });
  });
});
