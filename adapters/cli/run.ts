import { existsSync } from 'node:fs';
import { systemClock } from '../../src/ports/clock.js';
import { main } from './main.js';

/**
 * The `paperfeed` process: loads `.env` if present, runs one command with the terminal as its Io,
 * and sets the exit code. `bin/paperfeed.js` runs it compiled (`dist/`); tests and benchmarks run
 * the TypeScript through tsx (`node --import tsx adapters/cli/run.ts`).
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const code = await main(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  columns: process.stdout.columns,
  isTTY: process.stderr.isTTY,
});
process.exitCode = code;
// Everything was closed; if a stray handle still holds the event loop, exit anyway rather than hang.
// The process's own clock: this entry point is where the system clock is chosen.
systemClock.setTimeout(() => process.exit(), 3000);
