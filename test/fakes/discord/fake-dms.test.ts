// Direct messages and modal submissions in the Discord fake, through a real discord.js client.
import { Client, Events, GatewayIntentBits, MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordFake, type DiscordFake } from './fake.js';

let fake: DiscordFake;
let client: Client;
const OPEN = '400000000000000201';
const CLOSED = '400000000000000202';
beforeAll(async () => {
  fake = await createDiscordFake({ closedDms: [CLOSED] });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl, retries: 0, timeout: 2000 } });
  await client.login('fake-token-xxxxxxxxxxxxxxxxxxxxxxxx');
  await fake.waitForReady();
});
afterAll(async () => {
  await client.destroy();
  await fake.close();
});

describe('direct messages', () => {
  it('opens one DM channel per person and delivers to it; a person with DMs closed gets 50007', async () => {
    const sent = await client.users.send(OPEN, 'hello');
    await client.users.send(OPEN, 'again');
    const opened = fake.requests.filter((r) => r.route === 'create-dm');
    expect(new Set(opened.map((r) => (r.responseBody as { id: string }).id)).size).toBe(1);
    expect(fake.messagesIn(sent.channelId).map((m) => m.content)).toEqual(['hello', 'again']);
    expect(fake.messagesIn(sent.channelId)[0]).not.toHaveProperty('guild_id');
    await expect(client.users.send(CLOSED, 'hi')).rejects.toMatchObject({ code: 50007 });
  });
});

describe('modal submissions', () => {
  it("reach discord.js as a ModalSubmitInteraction with the person's text", async () => {
    const got = new Promise<ModalSubmitInteraction>((resolve) =>
      client.once(Events.InteractionCreate, (i) => i.isModalSubmit() && resolve(i)),
    );
    const sent = fake.sendModalSubmit({ customId: 'form:1', values: { text: 'what I learned' } });
    const i = await got;
    expect([i.customId, i.fields.getTextInputValue('text')]).toEqual(['form:1', 'what I learned']);
    await i.reply({ content: 'saved', flags: MessageFlags.Ephemeral });
    expect((await fake.waitForCallback(sent.id)).type).toBe(4);
  });
});
