import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatMessageRef } from '../../src/model.js';
import { createStores } from '../../src/store/index.js';
import { createDiscordFake, DEFAULTS } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import { backendCases } from '../support/backends.js';
import { ask, startDiscordBot } from '../support/discord-bot.js';
import type { DiscordFake } from '../fakes/discord/fake.js';
import type { Backend } from '../../src/store/backend.js';

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

const TEAM = `discord:${DEFAULTS.guildId}`;
const VOTER = '400000000000000107';

/** A bot started as a new process would be: every module of ours evaluated afresh, nothing kept in memory. */
async function startAfresh(discord: DiscordFake, backend: Backend) {
  vi.resetModules();
  const fresh = await import('../support/discord-bot.js');
  return fresh.startDiscordBot(discord, hf, backend);
}

async function settle(read: () => Promise<number>, want: number): Promise<number> {
  for (let i = 0; i < 150 && (await read()) !== want; i++) await new Promise((r) => setTimeout(r, 20));
  return read();
}

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`Discord vote order across restarts on ${c.name}`, () => {
    afterEach(async () => {
      vi.restoreAllMocks();
      await c.cleanup();
    });

    for (const [ahead, label] of [
      [30_000, '30 s'],
      [600_000, '10 min'],
    ] as const) {
      it(`a vote cast while the machine's clock ran ${label} ahead is taken back after a restart with the right clock`, async () => {
        const discord = await createDiscordFake();
        const backend = await c.open(`test-${randomUUID()}`);
        try {
          const realNow = Date.now.bind(Date);
          vi.spyOn(Date, 'now').mockImplementation(() => realNow() + ahead);
          let bot = await startAfresh(discord, backend);
          await ask(discord, 'digest', { date: '2026-06-12' }, { admin: true });
          const card = discord.messagesIn(DEFAULTS.channelId)[1]!.id;
          const ref = { platform: 'discord' as const, channelId: DEFAULTS.channelId, messageId: card };
          const paperId = (await bot.core.stores.ledger.paperForMessage(ref))!.paperId;
          const count = () => createStores(backend).votes.count(TEAM, paperId);
          discord.sendReactionAdd({ messageId: card, userId: VOTER });
          expect(await settle(count, 1)).toBe(1);
          await bot.adapter.stop();

          vi.restoreAllMocks(); // the clock is put right, and the bot restarted
          bot = await startAfresh(discord, backend);
          discord.sendReactionRemove({ messageId: card, userId: VOTER });
          expect(await settle(count, 0)).toBe(0);
          await bot.adapter.stop();
        } finally {
          await discord.close();
        }
      });
    }

    it('a reaction stored by the previous version (its order in µs since the epoch, from a clock 10 min ahead) is taken back by this one', async () => {
      const discord = await createDiscordFake();
      const backend = await c.open(`test-${randomUUID()}`);
      const bot = await startDiscordBot(discord, hf, backend);
      try {
        await ask(discord, 'digest', { date: '2026-06-12' }, { admin: true });
        const card = discord.messagesIn(DEFAULTS.channelId)[1]!.id;
        const ref = { platform: 'discord' as const, channelId: DEFAULTS.channelId, messageId: card };
        const paperId = (await bot.core.stores.ledger.paperForMessage(ref))!.paperId;
        // What the previous version wrote for this add: Date.now() in µs, taken on a clock 10 min ahead.
        const legacyOrder = (Date.now() + 600_000) * 1000;
        await bot.core.stores.votes.react({
          team: TEAM,
          paperId,
          identity: `discord:${VOTER}`,
          reaction: `${formatMessageRef(ref)}:👍`,
          present: true,
          order: legacyOrder,
          at: Date.now(),
        });
        const count = () => bot.core.stores.votes.count(TEAM, paperId);
        expect(await count()).toBe(1);
        discord.sendReactionRemove({ messageId: card, userId: VOTER });
        expect(await settle(count, 0)).toBe(0);
      } finally {
        await bot.adapter.stop();
        await discord.close();
      }
    });
  });
}
