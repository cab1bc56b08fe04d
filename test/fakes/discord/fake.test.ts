import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  type ClientEvents,
  type Interaction,
  type RateLimitData,
  type SendableChannels,
} from 'discord.js';
import { ADMIN_PERMISSIONS, DEFAULTS, MEMBER_PERMISSIONS, createDiscordFake, type DiscordFake } from './fake.js';

const GUILD = DEFAULTS.guildId;
const CHANNEL = DEFAULTS.channelId;
const ALICE = DEFAULTS.userId;
const MESSAGES = /^\/channels\/\d+\/messages$/;

let fake: DiscordFake;
let client: Client;
/** Per-test interaction handler; errors it throws are collected instead of crashing the client. */
let onInteraction: ((i: Interaction) => Promise<void>) | undefined;
const handlerErrors: unknown[] = [];

function nextEvent<E extends keyof ClientEvents>(event: E, timeoutMs = 3000): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: ClientEvents[E]) => {
      clearTimeout(timer);
      resolve(args);
    };
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`no ${String(event)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    client.once(event, listener);
  });
}

function channel(): SendableChannels {
  const c = client.channels.cache.get(CHANNEL);
  if (!c?.isSendable()) throw new Error('seeded channel is not cached as sendable');
  return c;
}

beforeAll(async () => {
  fake = await createDiscordFake({
    heartbeatIntervalMs: 200,
    guilds: [
      {
        id: GUILD,
        name: 'Papers',
        channels: [{ id: CHANNEL, name: 'papers' }],
        members: [{ id: ALICE, username: 'alice' }],
      },
    ],
  });
  client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    rest: { api: fake.apiUrl, retries: 0, timeout: 2000 },
    waitGuildTimeout: 200,
  });
  client.on(Events.InteractionCreate, (i) => {
    onInteraction?.(i).catch((e: unknown) => handlerErrors.push(e));
  });
  const ready = nextEvent(Events.ClientReady);
  await client.login('fake-token-xxxxxxxxxxxxxxxxxxxxxxxx');
  await ready;
});

afterEach(() => {
  onInteraction = undefined;
  expect(handlerErrors.splice(0)).toEqual([]);
  fake.setInteractionResponseWindow(3000);
  fake.setRateLimits(null);
  fake.resetRecords();
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('discord.js against the local fake Discord', () => {
  it('logs in via GET /gateway/bot, identifies with the client intents and becomes ready with the seeded guild cached', async () => {
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toContain('GET /gateway/bot 200');
    expect(fake.identifies[0]?.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessageReactions);
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(client.guilds.cache.get(GUILD)?.channels.cache.get(CHANNEL)?.name).toBe('papers');
    await vi.waitFor(() => expect(fake.gateway.heartbeats).toBeGreaterThan(0), { timeout: 2000 });
  });

  it('commands.set bulk-overwrites global and guild commands via PUT and fetch returns the stored list', async () => {
    const feed = {
      name: 'feed',
      description: 'Manage paper feeds',
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'add',
          description: 'Subscribe this channel',
          options: [
            {
              type: ApplicationCommandOptionType.String,
              name: 'topic',
              description: 'Topic',
              required: true,
              autocomplete: true,
            },
          ],
        },
      ],
    } as const;
    const set = await client.application!.commands.set([feed]);
    expect(set.first()?.id).toMatch(/^\d{17,20}$/);
    expect(fake.requests.find((r) => r.route === 'put-commands')?.body).toMatchObject([{ name: 'feed' }]);
    const fetched = await client.application!.commands.fetch();
    expect(fetched.map((c) => c.name)).toEqual(['feed']);
    await client.guilds.cache.get(GUILD)!.commands.set([{ name: 'ping', description: 'Ping' }]);
    expect(fake.commands.get(GUILD)?.map((c) => c.name)).toEqual(['ping']);
    expect(fake.violations).toEqual([]);
  });

  it('delivers a chat-input subcommand with options and caller permissions, and records an ephemeral reply as callback type 4', async () => {
    const seen: { sub: string; topic: string; manageGuild: boolean | undefined }[] = [];
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      seen.push({
        sub: i.options.getSubcommand(),
        topic: i.options.getString('topic', true),
        manageGuild: i.memberPermissions?.has(PermissionFlagsBits.ManageGuild),
      });
      await i.reply({ content: `added ${i.options.getString('topic')}`, flags: MessageFlags.Ephemeral });
    };
    const admin = fake.sendChatInput({
      name: 'feed',
      subcommand: 'add',
      options: { topic: 'llm' },
      permissions: ADMIN_PERMISSIONS,
    });
    const member = fake.sendChatInput({
      name: 'feed',
      subcommand: 'add',
      options: { topic: 'rl' },
      permissions: MEMBER_PERMISSIONS,
    });
    const [cbAdmin, cbMember] = await Promise.all([fake.waitForCallback(admin.id), fake.waitForCallback(member.id)]);
    expect(cbAdmin).toMatchObject({
      type: 4,
      accepted: true,
      data: { content: 'added llm', flags: MessageFlags.Ephemeral },
    });
    expect(cbAdmin.lateMs).toBeUndefined();
    expect(cbMember.data).toMatchObject({ content: 'added rl' });
    expect(seen).toEqual([
      { sub: 'add', topic: 'llm', manageGuild: true },
      { sub: 'add', topic: 'rl', manageGuild: false },
    ]);
    const callback = fake.requests.find((r) => r.route === 'interaction-callback');
    expect(callback).toMatchObject({ status: 204, query: { with_response: 'false' } });
    expect(callback?.headers.authorization).toBeUndefined();
  });

  it('deferReply, editReply and followUp go through the callback and webhook routes and return messages', async () => {
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply('3 new papers');
      await i.followUp({ content: 'and one more', flags: MessageFlags.Ephemeral });
    };
    const sent = fake.sendChatInput({ name: 'feed', subcommand: 'list' });
    await fake.waitFor((r) => r.route === 'webhook-followup' && r.status === 200, 2000, 'the follow-up');
    const record = fake.interactions.get(sent.id);
    expect(record?.callbacks.map((c) => c.type)).toEqual([5]);
    expect(record?.original).toMatchObject({ content: '3 new papers', channel_id: CHANNEL });
    expect(record?.followups.map((m) => m.content)).toEqual(['and one more']);
    expect(fake.requests.find((r) => r.route === 'webhook-followup')?.query.wait).toBe('true');
    expect(fake.violations).toEqual([]);
  });

  it('edits the deferred reply instead when a follow-up comes directly after the deferral, keeping it ephemeral', async () => {
    onInteraction = async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.followUp({ content: 'meant for everyone' });
      await i.followUp({ content: 'a new message' });
    };
    const sent = fake.sendChatInput({ name: 'feed', subcommand: 'list' });
    await fake.waitFor(
      (r) =>
        r.route === 'webhook-followup' &&
        r.status === 200 &&
        (r.body as { content?: string }).content === 'a new message',
      2000,
      'the second follow-up',
    );
    const record = fake.interactions.get(sent.id);
    expect(record?.original).toMatchObject({ content: 'meant for everyone', flags: MessageFlags.Ephemeral });
    expect(record?.followups.map((m) => m.content)).toEqual(['a new message']);
    const shown = fake.messagesIn(CHANNEL).map((m) => m.content);
    expect(shown).toContain('a new message');
    expect(shown).not.toContain('meant for everyone');
  });

  it('answers a reply that misses the initial-response window with 10062 Unknown interaction and records lateMs', async () => {
    fake.setInteractionResponseWindow(20);
    const replyError = new Promise<unknown>((resolve) => {
      onInteraction = async (i) => {
        if (!i.isChatInputCommand()) return;
        await delay(80); // the bot's slow work
        await i.reply('too late').then(() => resolve(undefined), resolve);
      };
    });
    const sent = fake.sendChatInput({ name: 'feed', subcommand: 'add', options: { topic: 'slow' } });
    const error = await replyError;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 10062, status: 404 });
    const cb = await fake.waitForCallback(sent.id);
    expect(cb.accepted).toBe(false);
    expect(cb.lateMs).toBeGreaterThan(0);
    expect(fake.violations.map((v) => v.kind)).toEqual(['late-interaction-response']);
  });

  it('routes a button click to update() (type 7, message edited) and autocomplete to respond() (type 8)', async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('vote:up').setLabel('Upvote').setStyle(ButtonStyle.Primary),
    );
    const posted = await channel().send({ content: 'Paper of the day', components: [row] });
    onInteraction = async (i) => {
      if (i.isButton()) await i.update({ content: `voted ${i.customId}`, components: [] });
      if (i.isAutocomplete()) await i.respond([{ name: `${i.options.getFocused()}m`, value: 'llm' }]);
    };
    const click = fake.sendButton({ customId: 'vote:up', message: posted.id });
    const typed = fake.sendAutocomplete({
      name: 'feed',
      subcommand: 'add',
      options: { topic: 'll' },
      focused: 'topic',
    });
    expect(await fake.waitForCallback(click.id)).toMatchObject({ type: 7, accepted: true });
    expect(await fake.waitForCallback(typed.id)).toMatchObject({
      type: 8,
      data: { choices: [{ name: 'llm', value: 'llm' }] },
    });
    expect(fake.messagesIn(CHANNEL).find((m) => m.id === posted.id)).toMatchObject({
      content: 'voted vote:up',
      components: [],
    });
    expect(fake.violations).toEqual([]);
  });

  it('rejects channel.send of content over 2000 characters with DiscordAPIError 50035 and records the violation', async () => {
    const error = await channel()
      .send('x'.repeat(2001))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 50035, status: 400 });
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toMatchObject({ kind: 'invalid-form-body', path: `/channels/${CHANNEL}/messages` });
    expect(fake.violations[0]?.issues[0]).toMatch(/^content: Must be 2000 or fewer/);
  });

  it('retries a 429 on POST messages after Retry-After: send() resolves and rateLimited fires', async () => {
    fake.failNext(
      { method: 'POST', path: MESSAGES },
      {
        status: 429,
        headers: {
          'retry-after': '0.2',
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': '0.2',
          'x-ratelimit-bucket': 'abc',
        },
      },
    );
    const limited = new Promise<RateLimitData>((resolve) => client.rest.once('rateLimited', resolve));
    const msg = await channel().send('hello after a rate limit');
    expect(msg.content).toBe('hello after a rate limit');
    expect((await limited).route).toBe('/channels/:id/messages');
    expect(fake.requests.filter((r) => r.route === 'post-message').map((r) => r.status)).toEqual([429, 200]);
    expect(fake.stats.rateLimited).toBe(1);
  });

  it('surfaces an injected 403 Missing Access as DiscordAPIError 50001', async () => {
    fake.failNext(
      { method: 'POST', path: MESSAGES },
      { status: 403, body: { code: 50001, message: 'Missing Access' } },
    );
    await expect(channel().send('nope')).rejects.toMatchObject({ code: 50001, status: 403 });
    await expect(channel().send('works again')).resolves.toMatchObject({ content: 'works again' });
  });

  it('emits messageReactionAdd for a bot message, and for an uncached message a partial that fetches via GET', async () => {
    const sent = await channel().send('react to me');
    await sent.react('👍');
    expect(fake.requests.find((r) => r.route === 'add-reaction')?.status).toBe(204);
    const first = nextEvent(Events.MessageReactionAdd);
    fake.sendReactionAdd({ messageId: sent.id, emoji: '🔥' });
    const [reaction, user] = await first;
    expect([reaction.message.id, reaction.emoji.name, user.id]).toEqual([sent.id, '🔥', ALICE]);

    const stored = fake.addUserMessage(CHANNEL, 'from alice');
    const second = nextEvent(Events.MessageReactionAdd);
    fake.sendReactionAdd({ messageId: stored.id });
    const [partial] = await second;
    expect(partial.message.partial).toBe(true);
    const full = await partial.message.fetch();
    expect(full.content).toBe('from alice');
    expect(fake.requests.find((r) => r.route === 'get-message')?.status).toBe(200);
  });

  it('lets discord.js pace itself from x-ratelimit headers when per-channel buckets are enforced', async () => {
    fake.setRateLimits({ channelMessages: { limit: 2, windowMs: 300 } });
    const sends = await Promise.all([1, 2, 3, 4, 5].map((n) => channel().send(`burst ${n}`)));
    expect(sends.map((m) => m.content)).toEqual(['burst 1', 'burst 2', 'burst 3', 'burst 4', 'burst 5']);
    expect(fake.stats.rateLimited).toBe(0);
    const posts = fake.requests.filter((r) => r.route === 'post-message');
    expect(posts.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(posts[4]!.time - posts[0]!.time).toBeGreaterThanOrEqual(500);
  });

  it('answers requests over the global cap with a global 429 that discord.js waits out', async () => {
    fake.setRateLimits({ globalPerSecond: 1 });
    const limited = new Promise<RateLimitData>((resolve) => client.rest.once('rateLimited', resolve));
    await channel().send('one');
    await channel().send('two');
    expect((await limited).global).toBe(true);
    expect(fake.stats.globalRateLimited).toBe(1);
    expect(fake.requests.filter((r) => r.route === 'post-message').map((r) => r.status)).toEqual([200, 429, 200]);
  });

  it('serves seeded channels, 404s unknown ones and unknown routes, and times out waitFor with the request log', async () => {
    await expect(client.channels.fetch(CHANNEL, { force: true })).resolves.toMatchObject({ name: 'papers' });
    await expect(client.channels.fetch('300000000000000999')).rejects.toMatchObject({ code: 10003, status: 404 });
    await expect(client.rest.get('/nothing/here')).rejects.toMatchObject({ code: 0, status: 404 });
    expect(fake.requests.at(-1)).toMatchObject({ path: '/nothing/here', route: null, status: 404 });
    await expect(fake.waitFor((r) => r.path === '/never', 50, 'GET /never')).rejects.toThrow(
      /GET \/never[\s\S]*\/nothing\/here/,
    );
  });
});
