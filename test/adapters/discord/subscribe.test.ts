import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PERMISSIONS, DEFAULTS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { answerOf, ask, type DiscordBot, discordBotPerTest } from '../../support/discord-bot.js';

const NOT_IN_SERVER =
  "paperfeed is not in this server, so it cannot post or count votes here: a server admin has to add it first (see paperfeed's README).";

let discord: DiscordFake;
let hf: HfFake;
let bot: DiscordBot;

beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
discordBotPerTest(
  () => hf,
  (d, b) => ((discord = d), (bot = b)),
);

describe("Discord: subscribe's time zone", () => {
  it('subscribes at 09:00 UTC without a timezone, and says Discord does not tell it yours', async () => {
    const a = await ask(discord, 'subscribe', {}, { admin: true });
    expect(a.content).toMatch(
      /📬 Subscribed: .* every weekday \(Monday to Friday\) at 09:00 UTC \(the default; next Mon 15 Jun, 09:00 UTC\)\./,
    );
    expect(a.content).toMatch(
      /I can't see your time zone here: add `timezone:` \(e\.g\. Europe\/Berlin\) to post at your local time\./,
    );
    expect((await bot.core.stores.subscriptions.list())[0]?.timeZone).toBe('UTC');
  });

  it('uses the timezone given, without a note', async () => {
    const a = await ask(discord, 'subscribe', { timezone: 'Asia/Tokyo' }, { admin: true });
    expect(a.content).toMatch(/every weekday \(Monday to Friday\) at 09:00 Asia\/Tokyo \(next /);
    expect(a.content).not.toMatch(/time zone here/);
  });

  it('lists options by name in help, as Discord shows them', async () => {
    expect((await ask(discord, 'help')).content).toContain('`/papers subscribe [name] [time] [timezone] [count]');
  });
});

describe('Discord: a server the bot is not in', () => {
  // A user-installed app can be run in any server: the interaction comes with that server's id.
  const STRANGER = '200000000000000999';

  it.each(['subscribe', 'today'])(
    'refuses /papers %s there in a short private reply, and stores nothing',
    async (subcommand) => {
      const sent = discord.sendChatInput({
        name: 'papers',
        subcommand,
        guildId: STRANGER,
        channelId: '300000000000000777',
        permissions: ADMIN_PERMISSIONS,
      });
      const a = await answerOf(discord, sent.id, sent.token);
      expect(a.content).toBe(NOT_IN_SERVER);
      expect(a.ephemeral).toBe(true);
      expect(await bot.core.stores.subscriptions.list()).toEqual([]);
      expect(discord.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'))).toEqual([]);
    },
  );

  it('refuses a button pressed there', async () => {
    const sent = discord.sendButton({
      customId: 'unsubscribe:confirm:',
      guildId: STRANGER,
      channelId: '300000000000000777',
      permissions: ADMIN_PERMISSIONS,
    });
    const cb = await discord.waitForCallback(sent.id, 5000);
    expect(cb.type).toBe(4);
    expect(cb.data).toMatchObject({ content: NOT_IN_SERVER, flags: 64 });
  });

  it('suggests nothing there', async () => {
    const sent = discord.sendAutocomplete({
      name: 'papers',
      subcommand: 'subscribe',
      options: { timezone: 'berl' },
      focused: 'timezone',
      guildId: STRANGER,
      channelId: '300000000000000777',
    });
    const cb = await discord.waitForCallback(sent.id, 5000);
    expect(cb).toMatchObject({ type: 8, data: { choices: [] } });
  });

  it('still answers in the servers it is in', async () => {
    expect((await ask(discord, 'help')).content).toContain('/papers');
  });
});

describe('Discord: direct messages', () => {
  it('answers lookups in a DM with the bot', async () => {
    const sent = discord.sendChatInput({ name: 'papers', subcommand: 'today', guildId: null });
    const a = await answerOf(discord, sent.id, sent.token);
    expect(a.content).not.toMatch(/direct message/);
    expect(a.embeds.length).toBeGreaterThan(0);
  });

  it('refuses the leaderboard in a DM, which belongs to no server, and says what works there', async () => {
    const sent = discord.sendChatInput({ name: 'papers', subcommand: 'top', guildId: null });
    const a = await answerOf(discord, sent.id, sent.token);
    expect(a.content).toMatch(/^`\/papers top` shows a server's votes; a direct message belongs to no server\./);
    expect(a.content).toMatch(
      /Here I can answer `today`, `search`, `paper`, `reading`, `takeaway`, `subscribe`, `preview`, `feeds`, `pause`/,
    );
    expect(a.content).not.toMatch(/`top`/);
  });

  it('refuses linking teams in a DM', async () => {
    const sent = discord.sendChatInput({ name: 'papers', subcommand: 'team', guildId: null });
    expect((await answerOf(discord, sent.id, sent.token)).content).toMatch(/works in channels, not in direct messages/);
  });

  it("registers /papers for server channels and the bot's DMs", () => {
    const put = discord.requests.find(
      (r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${DEFAULTS.guildId}/commands`),
    );
    expect((put!.body as { contexts: number[] }[])[0]!.contexts).toEqual([0, 1]);
  });
});
