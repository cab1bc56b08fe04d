#!/usr/bin/env node
// Entry point of the `paperfeed` command: loads .env if present, then runs the TypeScript CLI through tsx.
import { existsSync } from 'node:fs';
import { setTimeout } from 'node:timers';
import { register } from 'tsx/esm/api';

if (existsSync('.env')) process.loadEnvFile('.env');
register();
const { main } = await import('../adapters/cli/main.ts');
const code = await main(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  columns: process.stdout.columns,
  isTTY: process.stderr.isTTY,
});
process.exitCode = code;
// Everything was closed; if a stray handle still holds the event loop, exit anyway rather than hang.
setTimeout(() => process.exit(), 3000).unref();
