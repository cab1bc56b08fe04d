import { spawnSync } from 'node:child_process';
import { machineLine } from './machine.js';

/**
 * `npm run bench`: prints each benchmark's figures and the machine. Each benchmark runs in its own
 * process so one's memory does not show in another's resident-memory figure. Not a test: nothing
 * here fails on a number.
 */
console.log(machineLine());
for (const name of [
  'start',
  'digest',
  'acks',
  'search',
  'fanout',
  'cards',
  'faults',
  'votes',
  'vote-outage',
  'memory',
  'render-day',
  'arxiv-listing',
  'taste',
]) {
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', new URL('./one.ts', import.meta.url).pathname, name],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) process.exitCode = 1;
}
