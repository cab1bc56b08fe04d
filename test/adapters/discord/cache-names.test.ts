import {
  Client,
  GuildMemberManager,
  GuildMessageManager,
  LimitedCollection,
  Message,
  MessageManager,
  ReactionManager,
  UserManager,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { discordCacheOptions } from '../../../adapters/discord/cache.js';

/** What esbuild did to discord.js's classes in a bundle built without keepNames. */
const BUNDLED_NAMES = new Map<{ name: string }, string>([
  [MessageManager, '_MessageManager'],
  [UserManager, 'UserManager2'],
  [GuildMemberManager, 'GuildMemberManager2'],
  [ReactionManager, 'ReactionManager2'],
]);
const original = new Map([...BUNDLED_NAMES.keys()].map((c) => [c, c.name]));
const rename = (to: Map<{ name: string }, string>) => {
  for (const [c, name] of to) Object.defineProperty(c, 'name', { value: name, configurable: true });
};
afterEach(() => rename(original));

describe('Discord cache limits in a bundle', () => {
  it('caches no channel messages, and no users but the bot itself, when a bundler renames discord.js classes', async () => {
    rename(BUNDLED_NAMES);
    const options = discordCacheOptions();
    const client = new Client({ intents: [], ...options });
    try {
      expect(client.users.cache).toBeInstanceOf(LimitedCollection);
      expect((client.users.cache as LimitedCollection<string, unknown>).maxSize).toBe(0);
      const messages = options.makeCache!(MessageManager as never, Message as never, GuildMessageManager as never);
      expect(messages).toBeInstanceOf(LimitedCollection);
      expect((messages as LimitedCollection<string, unknown>).maxSize).toBe(0);
    } finally {
      await client.destroy();
    }
  });
});
