import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordFake, DEFAULTS, guildIdOnShard, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { TOKEN } from '../../support/discord-bot.js';
import { freePort, spawnBot, type SpawnedBot } from '../../support/spawn-bot.js';

const GUILD_B = guildIdOnShard(1, 2, 210_000_000_000_000_000n);

let hf: HfFake;
let discord: DiscordFake;
let manager: SpawnedBot | undefined;

const listenable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/** A port p with p + 1 free too: the shard processes serve health on PORT + shard id. */
async function twoFreePorts(): Promise<number> {
  for (;;) {
    const p = await freePort();
    if (p < 65535 && (await listenable(p + 1))) return p;
  }
}

async function waitUntil(check: () => boolean | Promise<boolean>, what: string, ms = 30_000) {
  for (const end = Date.now() + ms; !(await check());) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the manager said:\n${manager?.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ready = (port: number) =>
  fetch(`http://127.0.0.1:${port}/readyz`).then(
    (r) => r.status === 200,
    () => false,
  );
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  hf = await createHfFake();
  discord = await createDiscordFake({
    shards: 2,
    maxConcurrency: 2,
    guilds: [
      { id: DEFAULTS.guildId, name: 'Guild A', channels: [{ id: DEFAULTS.channelId, name: 'papers-a' }] },
      { id: GUILD_B, name: 'Guild B', channels: [{ id: '300000000000000002', name: 'papers-b' }] },
    ],
  });
});
afterAll(async () => {
  if (manager?.child.exitCode === null) manager.child.kill('SIGKILL');
  await discord.close();
  await hf.close();
});

describe('paperfeed shard-manager', () => {
  it('runs one process per recommended shard, each ready on its own health port, and stops them all on SIGTERM', async () => {
    const port = await twoFreePorts();
    manager = spawnBot(
      {
        STORE_URL: 'memory://',
        HF_API_URL: hf.url,
        ARXIV_API_URL: `${hf.url}/arxiv/query`,
        LOG_LEVEL: 'info',
        PORT: String(port),
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: discord.apiUrl,
        NO_PROXY: '127.0.0.1,localhost',
      },
      ['shard-manager'],
    );
    const shardReady = () =>
      manager!
        .stderr()
        .split('\n')
        .filter((l) => l.includes('"shard ready"'))
        .map((l) => JSON.parse(l) as { shard: number; pid: number });
    await waitUntil(() => shardReady().length === 2, 'both shard processes to be ready', 60_000);
    expect(discord.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const pids = shardReady().map((l) => l.pid);
    expect(new Set(pids).size).toBe(2);
    await waitUntil(async () => (await ready(port)) && (await ready(port + 1)), 'both health ports to answer ready');
    // Each guild's events reach one process only.
    expect(
      discord.sendReactionAdd({ messageId: '500000000000000001', channelId: '300000000000000002', guildId: GUILD_B }),
    ).toBe(1);

    manager.child.kill('SIGTERM');
    const exit = await manager.exit(20_000);
    expect(exit?.code).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(manager.stderr()).toContain('"shard manager stopped"');
  }, 90_000);
});
