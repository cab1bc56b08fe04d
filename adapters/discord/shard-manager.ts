/**
 * `paperfeed shard-manager`: discord.js's ShardingManager, one `paperfeed start` process per
 * gateway shard. discord.js hands each process its shard in SHARDS and SHARD_COUNT (read by
 * src/config.ts); each process then runs its shard, schedules its shard's guilds and serves
 * health on PORT + its shard id. Slack, if configured, runs in shard 0's process only.
 */
import { once } from 'node:events';
import { DiscordAPIError, REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { systemClock, type Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';

/** Discord lets each identify bucket (`shard_id % max_concurrency`) identify once per 5 s. */
const IDENTIFY_INTERVAL_MS = 5_500;
/** A shard process must be ready within this (ms), as discord.js's default. */
const READY_TIMEOUT_MS = 30_000;
/** Longer than a process's own drain (10 s) so posts in flight land. */
const STOP_TIMEOUT_MS = 15_000;

export interface ShardManagerOptions {
  /** The `paperfeed` entry each shard process runs (`start`); default this process's script. */
  file?: string;
  /** Resolves when the manager should stop (default SIGINT or SIGTERM). */
  stopped?: Promise<void>;
  /** Times the spacing of shard starts and the bound on stops (default the system clock). */
  clock?: Clock;
}

/** Spawns the shard processes, respawns any that die, and stops them all on `stopped`. */
export async function runShardManager(
  config: Config,
  logger: Logger,
  options: ShardManagerOptions = {},
): Promise<void> {
  const clock = options.clock ?? systemClock;
  // The waits race `stopped`: they must not keep the manager alive on their own.
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
  const discord = config.discord;
  if (!discord) throw new ConfigError('DISCORD_TOKEN: paperfeed shard-manager runs the Discord bot; set DISCORD_TOKEN');
  const gateway = await gatewayBot(discord.apiUrl, discord.token);
  const total = typeof discord.shardCount === 'number' ? discord.shardCount : gateway.shards;
  const manager = new ShardingManager(options.file ?? process.argv[1] ?? '', {
    totalShards: total,
    token: discord.token,
    shardArgs: ['start'],
    execArgv: process.execArgv,
  });
  manager.on('shardCreate', (shard) => prepare(shard, config, logger));
  logger.info('shard manager starting', {
    shards: total,
    maxConcurrency: gateway.maxConcurrency,
    recommended: gateway.shards,
  });
  if (total > 1 && /^(sqlite|memory):/.test(config.storeUrl)) {
    logger.warn('each shard process needs the same subscriptions and ledger: set STORE_URL to Redis or PostgreSQL');
  }
  const stopped =
    options.stopped ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
  let stopping = false;
  void stopped.then(() => (stopping = true));
  try {
    for (let first = 0; first < total && !stopping; first += gateway.maxConcurrency) {
      // One identify bucket at a time: the shards of a group identify together, then Discord's 5 s.
      const group = Array.from({ length: Math.min(gateway.maxConcurrency, total - first) }, (_, i) => first + i);
      await Promise.all(group.map((id) => manager.createShard(id).spawn(READY_TIMEOUT_MS)));
      if (first + gateway.maxConcurrency < total) await Promise.race([stopped, sleep(IDENTIFY_INTERVAL_MS)]);
    }
    await stopped;
  } finally {
    await stopShards(manager, logger, sleep);
  }
}

/** Each shard's process: its own health port, and Slack in shard 0's only. */
function prepare(shard: Shard, config: Config, logger: Logger): void {
  const env = shard.env as Record<string, string>;
  if (config.port !== 0) env.PORT = String(config.port + shard.id);
  // Empty, not deleted: an empty variable counts as unset, and .env does not fill it in again.
  if (shard.id !== 0) for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']) env[name] = '';
  shard.on('spawn', () => logger.info('shard process started', { shard: shard.id, pid: shard.process?.pid }));
  shard.on('ready', () => logger.info('shard ready', { shard: shard.id, pid: shard.process?.pid }));
  shard.on('death', () => {
    if (shard.manager.respawn) logger.warn('shard process exited; discord.js starts it again', { shard: shard.id });
  });
}

/** SIGTERM to every shard process (no respawn), waiting for each to drain and exit. */
async function stopShards(
  manager: ShardingManager,
  logger: Logger,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  manager.respawn = false; // a process that exits on its own now (Ctrl+C reaches the whole group) stays down
  await Promise.all(
    [...manager.shards.values()].map(async (shard) => {
      const child = shard.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      shard.kill();
      const done = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
      if (!done) child.kill('SIGKILL');
    }),
  );
  logger.info('shard manager stopped', { shards: manager.shards.size });
}

/** GET /gateway/bot on DISCORD_API_URL (discord.js's own `auto` would ask discord.com). */
async function gatewayBot(api: string, token: string): Promise<{ shards: number; maxConcurrency: number }> {
  try {
    const rest = new REST({ api, retries: 1 }).setToken(token);
    const body = (await rest.get(Routes.gatewayBot())) as {
      shards?: number;
      session_start_limit?: { max_concurrency?: number };
    };
    return {
      shards: Math.max(1, body.shards ?? 1),
      maxConcurrency: Math.max(1, body.session_start_limit?.max_concurrency ?? 1),
    };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new ConfigError(
        'DISCORD_TOKEN: Discord rejected the token; copy it again from the Developer Portal (Bot → Reset Token)',
      );
    }
    throw error;
  }
}
