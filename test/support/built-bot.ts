import { execFileSync, spawn } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ADMIN_PERMISSIONS, DEFAULTS, MEMBER_PERMISSIONS, type DiscordFake } from '../fakes/discord/fake.js';
import type { HfFake } from '../fakes/hf-fake.js';
import { answerOf, TOKEN } from './discord-bot.js';
import { total } from './scrape.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const PROBE = pathToFileURL(join(ROOT, 'test/support/heap-probe.mjs')).href;

/**
 * Builds the current sources with scripts/build.js (what `npm run build` makes for `npm start`)
 * into `dir`/dist, a package of its own (ES modules) that resolves packages from this checkout's
 * node_modules; returns the entry file. Never dist/ itself, which other runs may be using.
 */
export function buildBotInto(dir: string): string {
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(process.execPath, ['scripts/build.js', `--outdir=${join(dir, 'dist')}`], { cwd: ROOT, stdio: 'pipe' });
  return join(dir, 'dist', 'paperfeed.js');
}

/** Heap and resident memory of a running bot right after a full garbage collection (bytes). */
export interface HeapSample {
  heapUsed: number;
  rss: number;
}

/** A `paperfeed start` of a built entry file, with test/support/heap-probe.mjs preloaded. */
export interface MeasuredBot {
  url: string;
  heap(): Promise<HeapSample>;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** The sum of a counter on `/metrics`. */
  counter(name: string, labels?: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

/** The environment of a bot on the local fakes (Discord only), `store` its STORE_URL. */
export function botEnv(discord: DiscordFake, hf: HfFake, store: string, port: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    STORE_URL: store,
    HF_API_URL: hf.url,
    ARXIV_API_URL: `${hf.url}/arxiv/query`,
    LOG_LEVEL: 'warn',
    PORT: String(port),
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_GUILD_ID: DEFAULTS.guildId,
  };
}

/** Spawns `node --expose-gc <entry> start` and resolves once `/readyz` answers 200 (within 30 s). */
export async function startMeasuredBot(entry: string, env: Record<string, string>): Promise<MeasuredBot> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', PROBE, entry, 'start'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${env.PORT}`;
  const end = Date.now() + 30_000;
  while (
    (await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    )) !== 200
  ) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`the built bot did not get ready:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stderr: () => stderr,
    heap: () =>
      new Promise<HeapSample>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no heap figures from the bot:\n${stderr}`)), 10_000);
        child.once('message', (m: { heapUsed: number; rss: number }) => {
          clearTimeout(timer);
          resolve({ heapUsed: m.heapUsed, rss: m.rss });
        });
        child.send('heap');
      }),
    counter: async (name, labels = {}) => total(await (await fetch(`${url}/metrics`)).text(), name, labels),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The slash commands a mixed run cycles through: what members ask most, with varied arguments. */
function mixedCommand(i: number): { subcommand: string; options: Record<string, string> } {
  const queries = ['diffusion', 'language model', 'kazakh', 'agents', 'video generation', 'reasoning'];
  const papers = ['2606.00467', '2606.12730', '2606.13594'];
  switch (i % 5) {
    case 0:
      return { subcommand: 'today', options: {} };
    case 1:
      return { subcommand: 'search', options: { query: queries[i % queries.length]! } };
    case 2:
      return { subcommand: 'paper', options: { id: papers[i % papers.length]! } };
    case 3:
      return { subcommand: 'top', options: {} };
    default:
      return { subcommand: 'help', options: {} };
  }
}

/** A member's id among `people` distinct members (Discord snowflakes). */
const member = (i: number, people: number) => String(400_000_000_000_000_000n + BigInt(i % people));

/**
 * Runs mixed `/papers` commands number `from` to `to` (exclusive) as members, `concurrency` at a
 * time, waiting for each complete answer; the fakes forget their records between batches so the
 * driver's own memory stays flat.
 */
export async function runMixedCommands(
  discord: DiscordFake,
  hf: HfFake,
  range: { from: number; to: number },
  concurrency = 8,
): Promise<void> {
  for (let i = range.from; i < range.to; i += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, range.to - i) }, (_, k) => i + k);
    await Promise.all(
      batch.map(async (n) => {
        const { subcommand, options } = mixedCommand(n);
        const sent = discord.sendChatInput({
          name: 'papers',
          subcommand,
          options,
          permissions: MEMBER_PERMISSIONS,
          userId: member(n, 1000),
        });
        await answerOf(discord, sent.id, sent.token);
      }),
    );
    discord.resetRecords();
    discord.interactions.clear();
    hf.requests.length = 0;
  }
}

/** Posts a digest in the default channel as an admin; returns the ids of its paper messages. */
export async function postDigest(discord: DiscordFake): Promise<string[]> {
  const sent = discord.sendChatInput({ name: 'papers', subcommand: 'digest', permissions: ADMIN_PERMISSIONS });
  await answerOf(discord, sent.id, sent.token);
  return discord
    .messagesIn(DEFAULTS.channelId)
    .filter((m) => ((m as { embeds?: unknown[] }).embeds ?? []).length > 0)
    .map((m) => m.id);
}

/**
 * Sends vote reactions number `from` to `to` on `messages`: each member adds a vote, then takes it
 * back, so every event changes a vote; waits (up to 60 s per batch) until the bot has applied them.
 */
export async function runVoteReactions(
  discord: DiscordFake,
  bot: MeasuredBot,
  messages: string[],
  range: { from: number; to: number },
  batch = 200,
): Promise<void> {
  const applied = () => bot.counter('paperfeed_votes_applied_total', { platform: 'discord' });
  const before = await applied();
  for (let i = range.from; i < range.to; i += batch) {
    const end = Math.min(i + batch, range.to);
    for (let n = i; n < end; n++) {
      const reaction = { messageId: messages[Math.floor(n / 2) % messages.length]!, emoji: '👍' };
      const userId = member(Math.floor(n / 2), 5000);
      if (n % 2 === 0) discord.sendReactionAdd({ ...reaction, userId });
      else discord.sendReactionRemove({ ...reaction, userId });
    }
    const until = Date.now() + 60_000;
    while ((await applied()) - before < end - range.from) {
      if (Date.now() > until) throw new Error(`the bot applied ${(await applied()) - before} of ${end - range.from}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    discord.resetRecords();
  }
}
