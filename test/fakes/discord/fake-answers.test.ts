// Held and dropped answers of the fake Discord: what a real discord.js client (@discordjs/rest
// over undici) does when a create-message was applied but its answer is late or never comes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from 'discord.js';
import { DEFAULTS, createDiscordFake, type DiscordFake } from './fake.js';
import { loginClient, sendable } from '../../support/discord-client.js';

const GUILD = DEFAULTS.guildId;
const CHANNEL = '300000000000000021';
const POST = { method: 'POST', path: /^\/channels\/\d+\/messages$/ };
const TIMEOUT_MS = 300;

let fake: DiscordFake;
/** retries: 0 — every failure reaches the caller. */
let once: Client;
/** retries: 2 — @discordjs/rest's own retries on timeout and ECONNRESET. */
let retrying: Client;

beforeAll(async () => {
  fake = await createDiscordFake({ guilds: [{ id: GUILD, channels: [{ id: CHANNEL }] }] });
  once = await loginClient(fake, { retries: 0, timeout: TIMEOUT_MS });
  retrying = await loginClient(fake, { retries: 2, timeout: TIMEOUT_MS });
});
/** Messages from earlier tests, left out of `created()`. */
let earlier = new Set<string>();
beforeEach(() => {
  earlier = new Set(fake.messagesIn(CHANNEL).map((m) => m.id));
});
afterEach(() => fake.resetRecords());
afterAll(async () => {
  await Promise.all([once?.destroy(), retrying?.destroy()]);
  await fake?.close();
});

const posts = () => fake.requests.filter((r) => r.route === 'post-message').map((r) => r.answer ?? 'answered');
/** Messages this test created, oldest first. */
const created = () => fake.messagesIn(CHANNEL).filter((m) => !earlier.has(m.id));
const stored = () => created().map((m) => m.content);

describe('holdNext: the message is created, the answer comes late', () => {
  it('resolves send() late with the one message when the hold is shorter than rest.timeout', async () => {
    fake.holdNext(POST, 120);
    const started = Date.now();
    const sent = await sendable(once, CHANNEL).send('slow but fine');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(sent.id).toBe(created()[0]?.id);
    expect(posts()).toEqual(['held']);
  });

  it('rejects send() with an AbortError past rest.timeout when retries are 0, yet the message exists', async () => {
    fake.holdNext(POST, TIMEOUT_MS * 3);
    await expect(sendable(once, CHANNEL).send('did it land?')).rejects.toMatchObject({ name: 'AbortError' });
    expect(stored()).toEqual(['did it land?']);
    expect(posts()).toEqual(['held']);
  });

  it('makes discord.js post again after rest.timeout: two messages without a nonce', async () => {
    fake.holdNext(POST, TIMEOUT_MS * 3);
    const sent = await sendable(retrying, CHANNEL).send('posted twice');
    expect(stored()).toEqual(['posted twice', 'posted twice']);
    expect(sent.id).toBe(created()[1]?.id);
    expect(posts()).toEqual(['held', 'answered']);
  });

  it('answers the retry with the first message when the nonce is enforced', async () => {
    fake.holdNext(POST, TIMEOUT_MS * 3);
    const sent = await sendable(retrying, CHANNEL).send({
      content: 'posted once',
      nonce: 'pf-held-1',
      enforceNonce: true,
    });
    expect(stored()).toEqual(['posted once']);
    expect(sent.id).toBe(created()[0]?.id);
    expect(posts()).toEqual(['held', 'answered']);
  });
});

describe('dropNext: the message is created, the connection ends without an answer', () => {
  it('a clean close rejects send() with UND_ERR_SOCKET and discord.js does not retry it', async () => {
    fake.dropNext(POST);
    await expect(sendable(retrying, CHANNEL).send('lost answer')).rejects.toMatchObject({
      name: 'SocketError',
      code: 'UND_ERR_SOCKET',
    });
    expect(stored()).toEqual(['lost answer']);
    expect(posts()).toEqual(['dropped']);
  });

  it('a reset (ECONNRESET) is retried: two messages without a nonce', async () => {
    fake.dropNext(POST, 1, 'reset');
    await sendable(retrying, CHANNEL).send('reset once');
    expect(stored()).toEqual(['reset once', 'reset once']);
    expect(posts()).toEqual(['dropped', 'answered']);
  });

  it('a reset with an enforced nonce is retried into the first message', async () => {
    fake.dropNext(POST, 1, 'reset');
    const sent = await sendable(retrying, CHANNEL).send({
      content: 'reset, kept once',
      nonce: 'pf-reset-1',
      enforceNonce: true,
    });
    expect(stored()).toEqual(['reset, kept once']);
    expect(sent.id).toBe(created()[0]?.id);
  });

  it('a reset with retries 0 rejects send() with ECONNRESET, yet the message exists', async () => {
    fake.dropNext(POST, 1, 'reset');
    await expect(sendable(once, CHANNEL).send('reset, unknown')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(stored()).toEqual(['reset, unknown']);
  });

  it('only the matching request is dropped, and times counts them', async () => {
    fake.dropNext({ method: 'POST', path: new RegExp(`^/channels/${CHANNEL}/messages$`) }, 2);
    await expect(sendable(once, CHANNEL).send('a')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    await expect(sendable(once, CHANNEL).send('b')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    await expect(sendable(once, CHANNEL).send('c')).resolves.toMatchObject({ content: 'c' });
    await expect(once.channels.fetch(CHANNEL, { force: true })).resolves.toMatchObject({ id: CHANNEL });
    expect(fake.requests.map((r) => `${r.method} ${r.answer ?? r.status}`)).toEqual([
      'POST dropped',
      'POST dropped',
      'POST 200',
      'GET 200',
    ]);
  });
});
