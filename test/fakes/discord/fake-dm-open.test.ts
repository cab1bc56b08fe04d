// Opening direct messages in the fake Discord, driven by a real discord.js client: Create DM and
// its refusals, a post to someone who takes no DMs from the bot, and what DM reactions look like.
import { once } from 'node:events';
import { Client, DiscordAPIError, Events, GatewayIntentBits, Partials } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, createDiscordFake, type DiscordFake } from './fake.js';
import { loginClient, TOKEN } from '../../support/discord-client.js';

const PERSON = '400000000000000051';
let fake: DiscordFake;
let client: Client;

beforeAll(async () => {
  fake = await createDiscordFake({
    guilds: [
      {
        id: DEFAULTS.guildId,
        channels: [{ id: DEFAULTS.channelId }],
        members: [{ id: '400000000000000099', bot: true }],
      },
    ],
  });
  client = await loginClient(fake, { retries: 0, timeout: 2000 });
});
afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

const code = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof DiscordAPIError ? [e.status, e.code, e.message] : e),
  );

describe('direct messages', () => {
  it('Create DM answers the DM channel with the person, the same one each time', async () => {
    const dm = await client.users.createDM(PERSON, { force: true });
    const again = await client.users.createDM(PERSON, { force: true });
    expect(again.id).toBe(dm.id);
    expect(dm.recipientId).toBe(PERSON);
    expect(fake.dmChannelOf(PERSON)).toBe(dm.id);
    expect((await client.channels.fetch(dm.id, { force: true }))?.isDMBased()).toBe(true);
    const sent = await dm.send('hello');
    expect(fake.messagesIn(dm.id).map((m) => [m.id, m.content, m.guild_id])).toEqual([[sent.id, 'hello', undefined]]);
  });

  it('refuses a recipient that is not a snowflake (50035) and the bot itself or another bot (50007)', async () => {
    expect(await code(client.rest.post('/users/@me/channels', { body: { recipient_id: 'alice' } }))).toEqual([
      400,
      50035,
      expect.stringContaining('Invalid Form Body'),
    ]);
    for (const bot of [DEFAULTS.botUserId, '400000000000000099'])
      expect(await code(client.users.createDM(bot, { force: true }))).toEqual([
        403,
        50007,
        'Cannot send messages to this user',
      ]);
  });

  it('opens a DM with someone who takes no messages from the bot, and refuses the post there (403 50007)', async () => {
    const closed = '400000000000000052';
    fake.closeDms(closed);
    const dm = await client.users.createDM(closed, { force: true });
    expect(await code(dm.send('hello'))).toEqual([403, 50007, 'Cannot send messages to this user']);
    expect(fake.messagesIn(dm.id)).toEqual([]);
  });

  it('sends DM reactions only to a client with the DirectMessageReactions intent, with no channel type', async () => {
    const dm = fake.dmChannelOf(PERSON);
    const message = fake.addUserMessage(dm, 'a bot post'); // any stored message
    const withIntent = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessageReactions],
      partials: [Partials.Channel, Partials.Message, Partials.Reaction, Partials.User],
      rest: { api: fake.apiUrl, retries: 0 },
      waitGuildTimeout: 200,
    });
    const ready = once(withIntent, Events.ClientReady);
    await withIntent.login(TOKEN);
    await ready;
    try {
      const raw = new Promise<{ t: string; d: Record<string, unknown> }>((resolve) =>
        withIntent.on(Events.Raw, (p: { t: string; d: Record<string, unknown> }) => {
          if (p.t === 'MESSAGE_REACTION_ADD') resolve(p);
        }),
      );
      fake.sendReactionAdd({ guildId: null, channelId: dm, messageId: message.id, userId: PERSON });
      // As Discord sends it in a DM: no guild, no member, and nothing that says the channel is a DM.
      const { d } = await raw;
      expect(d).toMatchObject({ channel_id: dm, message_id: message.id, user_id: PERSON, emoji: { name: '👍' } });
      expect(Object.keys(d)).not.toContain('guild_id');
      expect(Object.keys(d)).not.toContain('member');
      // The client logged in with Guilds only did not get it.
      expect(fake.gateway.dropped.filter((d) => d.t === 'MESSAGE_REACTION_ADD')).toHaveLength(1);
    } finally {
      await withIntent.destroy();
    }
  });
});
