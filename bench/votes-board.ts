import { performance } from 'node:perf_hooks';
import { runCommand } from '../commands/index.js';
import { createManualClock } from '../src/ports/clock.js';
import { candidatesAtCut } from '../src/votes/leaderboard.js';
import type { Backend, MapWrite } from '../src/store/backend.js';
import { commandContext } from '../test/support/command-context.js';
import { seeded } from '../test/support/store-faults.js';
import { ms, percentile } from './machine.js';
import { synthesizePapers } from './synth.js';

const TEAM = 'discord:g1';
const POSTED = 20_000;
const VOTES = 200_000;
const VOTERS = 2000;
const NOW = Date.parse('2026-06-12T12:00:00Z');

/**
 * Seeds what `top all` reads for a team with years of history: 20,000 posted papers (first-posted
 * times over 5 years, details with HF upvotes), their vote counts summing to 200,000 (heavy-tailed,
 * as attention is) and 2,000 voters' totals, written in batches. The per-paper voter maps behind
 * those counts are not written: `top all` never reads them.
 */
async function seedBoard(backend: Backend): Promise<{ ties: number }> {
  const random = seeded(99);
  const papers = synthesizePapers(POSTED);
  const raw = papers.map(() => random() ** 3);
  const scale = VOTES / raw.reduce((n, r) => n + r, 0);
  const counts = raw.map((r) => Math.floor(r * scale));
  counts[0]! += VOTES - counts.reduce((n, c) => n + c, 0);
  const writes: MapWrite[] = [];
  papers.forEach((p, i) => {
    writes.push({
      map: `team-papers:${TEAM}`,
      field: p.id,
      set: String(NOW - Math.floor(random() * 5 * 365 * 86_400_000)),
    });
    if (counts[i]! > 0) writes.push({ map: `vote-counts:${TEAM}`, field: p.id, set: String(counts[i]) });
    writes.push({ map: 'papers', field: p.id, set: JSON.stringify(p) });
  });
  for (let v = 0; v < VOTERS; v++)
    writes.push({ map: `voter-counts:${TEAM}`, field: `discord:${v}`, set: String(VOTES / VOTERS) });
  for (let i = 0; i < writes.length; i += 2000) await backend.batch(writes.slice(i, i + 2000));
  const sorted = counts
    .map((votes, i) => ({ paperId: papers[i]!.id, votes, firstPostedAt: 0 }))
    .filter((t) => t.votes > 0)
    .sort((a, b) => b.votes - a.votes);
  return { ties: candidatesAtCut(sorted, 5).length };
}

async function timed(run: () => Promise<unknown>, n: number): Promise<number[]> {
  for (let i = 0; i < 5; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  return samples;
}

/** `top all` (and `top voters`) through the command over the seeded team, p50/p99 (ms). */
export async function leaderboardBench(name: string, open: () => Promise<Backend>): Promise<string[]> {
  const backend = await open();
  const seedStart = performance.now();
  const { ties } = await seedBoard(backend);
  const seedS = (performance.now() - seedStart) / 1000;
  const ctx = commandContext(backend, {
    clock: createManualClock(NOW),
    channel: { platform: 'discord', teamId: 'g1', channelId: 'c1' },
  });
  const check = await runCommand('top', { period: 'all' }, ctx);
  if (!/^Most voted papers of all time · 200000 votes from 2000 people/.test(check.text))
    throw new Error(`unexpected answer: ${check.text.slice(0, 200)}`);
  const board = await timed(() => runCommand('top', { period: 'all' }, ctx), 200);
  const voters = await timed(() => runCommand('top', { period: 'voters all' }, ctx), 100);
  await backend.clear();
  await backend.close();
  return [
    `top all on ${name}: ${POSTED.toLocaleString('en')} posted papers, ${VOTES.toLocaleString('en')} votes (seeded in ${seedS.toFixed(1)} s; ${ties} papers tie at the cut of 5): ` +
      `p50 ${ms(percentile(board, 50))}, p99 ${ms(percentile(board, 99))} over ${board.length} runs; top voters all p50 ${ms(percentile(voters, 50))}, p99 ${ms(percentile(voters, 99))}`,
  ];
}
