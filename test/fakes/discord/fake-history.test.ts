// Nonces and channel history of the fake Discord, seen through a real discord.js client.
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAPIError, Routes, type Client } from 'discord.js';
import { DEFAULTS, createDiscordFake, type DiscordFake, type MessageObject } from './fake.js';
import { loginClient, sendable } from '../../support/discord-client.js';

const GUILD = DEFAULTS.guildId;
const A = '300000000000000011';
const B = '300000000000000012';
const HISTORY = '300000000000000013';
const NONCE_WINDOW_MS = 250;

let fake: DiscordFake;
let client: Client;

beforeAll(async () => {
  fake = await createDiscordFake({
    nonceWindowMs: NONCE_WINDOW_MS,
    guilds: [{ id: GUILD, channels: [{ id: A }, { id: B }, { id: HISTORY }] }],
  });
  client = await loginClient(fake, { retries: 0, timeout: 2000 });
});
afterEach(() => fake.resetRecords());
afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

const posts = () => fake.requests.filter((r) => r.route === 'post-message');

describe('nonce and enforce_nonce on create message', () => {
  it('answers a repeated enforced nonce with the earlier message and creates nothing', async () => {
    const first = await sendable(client, A).send({
      content: 'digest 1',
      nonce: 'pf-a-2026-06-12-1',
      enforceNonce: true,
    });
    const again = await sendable(client, A).send({
      content: 'digest 1 (retry)',
      nonce: 'pf-a-2026-06-12-1',
      enforceNonce: true,
    });
    expect(again.id).toBe(first.id);
    expect(again.content).toBe('digest 1');
    expect(fake.messagesIn(A).map((m) => m.content)).toEqual(['digest 1']);
    expect(posts().map((r) => [r.status, (r.body as { enforce_nonce?: boolean }).enforce_nonce])).toEqual([
      [200, true],
      [200, true],
    ]);
  });

  it('creates a new message for a repeated nonce without enforce_nonce, in another channel, or after the window', async () => {
    const nonce = 'pf-b-2026-06-12-1';
    const first = await sendable(client, B).send({ content: 'one', nonce, enforceNonce: true });
    const unenforced = await sendable(client, B).send({ content: 'two', nonce });
    const elsewhere = await sendable(client, A).send({ content: 'three', nonce, enforceNonce: true });
    await delay(NONCE_WINDOW_MS + 20);
    const late = await sendable(client, B).send({ content: 'four', nonce, enforceNonce: true });
    expect(new Set([first.id, unenforced.id, elsewhere.id, late.id]).size).toBe(4);
    expect(fake.messagesIn(B).map((m) => m.content)).toEqual(['one', 'two', 'four']);
  });

  it('echoes the nonce on the create answer but not on GET answers', async () => {
    const sent = await sendable(client, A).send({ content: 'with nonce', nonce: 'pf-echo', enforceNonce: true });
    expect(posts()[0]?.responseBody).toMatchObject({ id: sent.id, nonce: 'pf-echo' });
    const one = (await client.rest.get(Routes.channelMessage(A, sent.id))) as MessageObject;
    const list = (await client.rest.get(Routes.channelMessages(A))) as MessageObject[];
    expect(one.id).toBe(sent.id);
    expect('nonce' in one).toBe(false);
    expect(list.some((m) => 'nonce' in m)).toBe(false);
  });

  it('rejects a nonce longer than 25 characters with 50035 naming nonce', async () => {
    const error = await sendable(client, A)
      .send({ content: 'x', nonce: 'n'.repeat(26), enforceNonce: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({
      code: 50035,
      rawError: { errors: { nonce: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
    expect(fake.messagesIn(A).some((m) => m.content === 'x')).toBe(false);
  });
});

describe('GET /channels/:id/messages', () => {
  let ids: string[] = [];
  beforeAll(async () => {
    for (let n = 1; n <= 7; n++) await sendable(client, HISTORY).send(`m${n}`);
    ids = fake.messagesIn(HISTORY).map((m) => m.id);
  });
  const contents = (list: Iterable<{ content: string }>) => [...list].map((m) => m.content);

  it('lists newest first, 50 by default, as discord.js fetch() sees it', async () => {
    const all = await sendable(client, HISTORY).messages.fetch({ cache: false });
    expect(contents(all.values())).toEqual(['m7', 'm6', 'm5', 'm4', 'm3', 'm2', 'm1']);
    expect(fake.requests.at(-1)?.query).toEqual({});
  });

  it('pages with before, after and around, still newest first', async () => {
    const channel = sendable(client, HISTORY);
    expect(contents((await channel.messages.fetch({ before: ids[4]!, limit: 2, cache: false })).values())).toEqual([
      'm4',
      'm3',
    ]);
    expect(contents((await channel.messages.fetch({ after: ids[1]!, limit: 2, cache: false })).values())).toEqual([
      'm4',
      'm3',
    ]);
    expect(contents((await channel.messages.fetch({ around: ids[3]!, limit: 3, cache: false })).values())).toEqual([
      'm5',
      'm4',
      'm3',
    ]);
    expect(contents((await channel.messages.fetch({ after: ids[6]!, cache: false })).values())).toEqual([]);
  });

  it('answers a limit outside 1–100 or a malformed id with 400 Invalid Form Body', async () => {
    const channel = sendable(client, HISTORY);
    await expect(channel.messages.fetch({ limit: 101 })).rejects.toMatchObject({
      status: 400,
      code: 50035,
      rawError: { message: 'Invalid Form Body', errors: { limit: { _errors: [{ code: 'NUMBER_TYPE_MAX' }] } } },
    });
    await expect(channel.messages.fetch({ limit: 0 })).rejects.toMatchObject({
      rawError: {
        errors: {
          limit: { _errors: [{ code: 'NUMBER_TYPE_MIN', message: 'int value should be greater than or equal to 1.' }] },
        },
      },
    });
    await expect(
      client.rest.get(Routes.channelMessages(HISTORY), { query: new URLSearchParams({ before: 'abc' }) }),
    ).rejects.toMatchObject({
      rawError: { errors: { before: { _errors: [{ code: 'NUMBER_TYPE_COERCE' }] } } },
    });
    expect(fake.requests.filter((r) => r.route === 'list-messages').map((r) => r.status)).toEqual([400, 400, 400]);
  });
});
