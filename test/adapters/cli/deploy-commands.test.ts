import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBot } from '../../../adapters/bot/bot.js';
import { main, type Io } from '../../../adapters/cli/main.js';
import { loadConfig } from '../../../src/config.js';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import type { Backend } from '../../../src/store/backend.js';
import { createDiscordFake, DEFAULTS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';

const TOKEN = 'fake-token-xxxxxxxxxxxxxxxxxxxxxxxx';
const GUILD = DEFAULTS.guildId;
let discord: DiscordFake;
let hf: HfFake;
beforeAll(async () => {
  [discord, hf] = await Promise.all([createDiscordFake(), createHfFake()]);
});
afterAll(() => Promise.all([discord.close(), hf.close()]));
beforeEach(() => discord.commands.clear());

const names = (scope: string) => (discord.commands.get(scope) ?? []).map((c) => c.name);

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => out.push(t) };
  const code = await main(
    ['deploy-commands', ...args],
    { STORE_URL: 'memory://', DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, ...env },
    io,
  );
  return { code, out: out.join('\n') };
}

/** Starts and stops the bot once, as `paperfeed start` would with or without DISCORD_GUILD_ID. */
async function startOnce(backend: Backend, guildId?: string) {
  const config = loadConfig({
    STORE_URL: 'memory://',
    HF_API_URL: hf.url,
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: guildId,
    PORT: '0',
  });
  const bot = await launchBot(config, createMemoryLogger(), {
    backend,
    scheduler: false,
    metrics: { defaultMetrics: false },
    platforms: { discord: { rest: { retries: 0, timeout: 3000 } } },
  });
  await bot.stop();
}

describe('paperfeed deploy-commands', () => {
  it('registers /papers in one server with --guild', async () => {
    const r = await cli(['--guild', GUILD]);
    expect(r.out).toBe(`✓ /papers registered in server ${GUILD} (shows there at once)`);
    expect(names(GUILD)).toEqual(['papers']);
    expect(names('global')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('leaves the server without commands with --clear-guild', async () => {
    await cli(['--guild', GUILD]);
    const r = await cli(['--guild', GUILD, '--clear-guild']);
    expect(r.out).toBe(`✓ removed 1 command from server ${GUILD}`);
    expect(names(GUILD)).toEqual([]);
    expect(discord.requests.at(-1)).toMatchObject({
      method: 'PUT',
      path: `/applications/${discord.applicationId}/guilds/${GUILD}/commands`,
      body: [],
    });
  });

  it('lists /papers once after switching from a server to global', async () => {
    await cli([], { DISCORD_GUILD_ID: GUILD });
    const r = await cli([]);
    expect(r.out).toContain('✓ /papers registered globally');
    expect(r.out).toContain(`✓ removed the server copy of /papers from ${GUILD}, so it is listed once`);
    expect(names(GUILD)).toEqual([]);
    expect(names('global')).toEqual(['papers']);
    expect(r.code).toBe(0);
  });

  it('warns that a server registration next to a global one lists /papers twice', async () => {
    await cli([]);
    const r = await cli(['--guild', GUILD]);
    expect(r.out).toContain(
      `note: /papers is also registered globally, so server ${GUILD} lists it twice; remove the server copy with --guild ${GUILD} --clear-guild`,
    );
    expect(r.code).toBe(0);
  });

  it('says so in one line when the bot is not in the server', async () => {
    const r = await cli(['--guild', '299999999999999999']);
    expect(r.out).toBe(
      'paperfeed: the bot is not in server 299999999999999999; invite it with the link `paperfeed doctor` prints (scopes bot and applications.commands)',
    );
    expect(r.code).toBe(2);
  });

  it('refuses --clear-guild without a server', async () => {
    const r = await cli(['--clear-guild']);
    expect(r.out).toBe('paperfeed: --clear-guild needs --guild ID (or DISCORD_GUILD_ID)');
    expect(r.code).toBe(2);
  });
});

describe('paperfeed start registering /papers', () => {
  it('lists /papers once after a restart without DISCORD_GUILD_ID', async () => {
    const backend = createMemoryBackend();
    await startOnce(backend, GUILD);
    expect(names(GUILD)).toEqual(['papers']);
    await startOnce(backend);
    expect(names(GUILD)).toEqual([]);
    expect(names('global')).toEqual(['papers']);
  });

  it('removes a server copy made while the global command was already there', async () => {
    const backend = createMemoryBackend();
    await startOnce(backend);
    await startOnce(backend, GUILD);
    expect(names(GUILD)).toEqual(['papers']);
    discord.resetRecords();
    await startOnce(backend);
    // The global command was unchanged (no PUT); the server copy went because the store remembered it.
    expect(discord.requests.some((r) => r.method === 'PUT')).toBe(false);
    expect(names(GUILD)).toEqual([]);
    expect(names('global')).toEqual(['papers']);
  });

  it('removes a server copy registered before this bot remembered such things', async () => {
    await cli(['--guild', GUILD]);
    await startOnce(createMemoryBackend());
    expect(names(GUILD)).toEqual([]);
    expect(names('global')).toEqual(['papers']);
  });
});
