import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, currentDailyPapersDay } from '../src/time/dates.js';
import { createDiscordFake } from '../test/fakes/discord/fake.js';
import { createHfFake } from '../test/fakes/hf-fake.js';
import {
  botEnv,
  postDigest,
  runMixedCommands,
  runVoteReactions,
  startMeasuredBot,
  type HeapSample,
} from '../test/support/built-bot.js';
import { freePort } from '../test/support/spawn-bot.js';

const ROOT = new URL('..', import.meta.url).pathname;
const EVENTS = 20_000;
const EVERY = 5_000;
/** The growth of heap after GC from the 5,000th to the 20,000th event that counts as flat (MB). */
const TARGET_MB = 5;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * The build `npm start` runs (dist/, bin/paperfeed.js) as a child process on the local Discord and
 * HF fakes with a SQLite store: 20,000 mixed slash commands (today, search, paper, top, help from
 * 1,000 members), then 20,000 vote reactions (2 per member: add, remove) on a posted digest. After
 * every 5,000, the bot's heap after a full GC and its resident memory (test/support/heap-probe.mjs).
 */
export async function benchMemory(): Promise<string[]> {
  const entry = join(ROOT, 'dist/paperfeed.js');
  if (!existsSync(entry)) throw new Error('dist/ is missing: run `npm run build` first');
  const [discord, hf] = await Promise.all([createDiscordFake(), createHfFake()]);
  const today = currentDailyPapersDay(Date.now());
  for (const day of [today, addDays(today, -1)]) hf.days.set(day, hf.days.get('2026-06-12')!);
  const dir = mkdtempSync(join(tmpdir(), 'paperfeed-memory-'));
  const bot = await startMeasuredBot(
    entry,
    botEnv(discord, hf, `sqlite://${join(dir, 'store.sqlite')}`, await freePort()),
  );
  try {
    const commands: HeapSample[] = [];
    for (let n = 0; n < EVENTS; n += EVERY) {
      await runMixedCommands(discord, hf, { from: n, to: n + EVERY });
      commands.push(await bot.heap());
    }
    const messages = await postDigest(discord);
    const reactions: HeapSample[] = [];
    for (let n = 0; n < EVENTS; n += EVERY) {
      await runVoteReactions(discord, bot, messages, { from: n, to: n + EVERY });
      reactions.push(await bot.heap());
    }
    return [
      `memory: the built bot (dist/) on local fakes, SQLite store; heap after a full GC / resident memory, every ${EVERY.toLocaleString('en')}`,
      row('slash commands', commands),
      row('vote reactions', reactions),
    ];
  } finally {
    await bot.stop();
    await Promise.all([discord.close(), hf.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(name: string, samples: HeapSample[]): string {
  const cells = samples.map((s, i) => `${((i + 1) * EVERY) / 1000}k ${mb(s.heapUsed)} / ${mb(s.rss)}`);
  const growth = samples.at(-1)!.heapUsed - samples[0]!.heapUsed;
  const verdict = growth / 1e6 < TARGET_MB ? 'within' : 'OVER';
  return `  ${name.padEnd(15)} ${cells.join(', ')}; heap 5k → 20k ${growth >= 0 ? '+' : ''}${mb(growth)} (${verdict} the ${TARGET_MB} MB target)`;
}
