import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type SendableChannels } from 'discord.js';
import type { DiscordFake } from '../fakes/discord/fake.js';

export const TOKEN = 'fake-token-xxxxxxxxxxxxxxxxxxxxxxxx';

/** A real discord.js Client logged in to the fake with the given REST retry/timeout options. */
export async function loginClient(fake: DiscordFake, rest: { retries: number; timeout: number }): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiUrl, ...rest },
    waitGuildTimeout: 200,
  });
  const ready = once(client, Events.ClientReady);
  await client.login(TOKEN);
  await ready;
  return client;
}

/** A seeded channel from the client's cache, ready for send(). */
export function sendable(client: Client, channelId: string): SendableChannels {
  const c = client.channels.cache.get(channelId);
  if (!c?.isSendable()) throw new Error(`channel ${channelId} is not cached as sendable`);
  return c;
}
