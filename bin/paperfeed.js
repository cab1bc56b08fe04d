#!/usr/bin/env node
// Entry point of the `paperfeed` command: runs the bundle in dist/ (`npm run build`, which
// `npm install` runs through `prepare`). `npm run dev -- <command>` runs the TypeScript sources.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/paperfeed.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'paperfeed: not built yet: run `npm run build` (or `npm install`) in the paperfeed folder first\n',
  );
  process.exit(2);
}
await import(entry.href);
