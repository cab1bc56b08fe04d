import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, currentDailyPapersDay } from '../../../src/time/dates.js';
import { createDiscordFake, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { botEnv, buildBotInto, runMixedCommands, startMeasuredBot, type MeasuredBot } from '../../support/built-bot.js';
import { freePort } from '../../support/spawn-bot.js';

/*
 * The build `npm start` runs (scripts/build.js, bundled by esbuild), made from the sources here into
 * a temp folder, run as a child process on the Discord and HF fakes with a SQLite store, as the
 * container runs it. Heap figures are read after a full collection in the child
 * (test/support/heap-probe.mjs, preloaded).
 */
const MiB = 2 ** 20;
let dir = '';
let discord: DiscordFake;
let hf: HfFake;
let bot: MeasuredBot;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperfeed-built-'));
  const entry = buildBotInto(dir);
  [discord, hf] = await Promise.all([createDiscordFake(), createHfFake()]);
  // The bot's clock is the real one: serve the fixture day as today's and yesterday's list.
  const today = currentDailyPapersDay(Date.now());
  for (const day of [today, addDays(today, -1)]) hf.days.set(day, hf.days.get('2026-06-12')!);
  bot = await startMeasuredBot(
    entry,
    botEnv(discord, hf, `sqlite://${join(dir, 'paperfeed.sqlite')}`, await freePort()),
  );
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await Promise.all([discord?.close(), hf?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** The log lines at level error or fatal, and anything that is not a log line. */
const errorLines = (stderr: string) =>
  stderr
    .split('\n')
    .filter(Boolean)
    .filter((line) => {
      try {
        return ['error', 'fatal'].includes(String((JSON.parse(line) as { level?: unknown }).level));
      } catch {
        return true;
      }
    });

describe('the built bot (npm start) over thousands of slash commands', () => {
  it('keeps its heap flat from the 1,000th to the 3,000th slash command', async () => {
    await runMixedCommands(discord, hf, { from: 0, to: 1000 });
    const after1k = await bot.heap();
    await runMixedCommands(discord, hf, { from: 1000, to: 3000 });
    const after3k = await bot.heap();
    expect(errorLines(bot.stderr())).toEqual([]);
    // The old build kept every deferred reply's message: about 11 MiB over these 2,000 commands.
    expect((after3k.heapUsed - after1k.heapUsed) / MiB).toBeLessThan(3);
  }, 180_000);
});
