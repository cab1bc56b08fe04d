import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStores } from '../src/store/index.js';
import { SEARCH_SCHEMA } from '../src/store/sqlite-search.js';
import { openBackend } from '../src/store/open.js';
import { synthesizeRealistic } from './synth.js';

const SOURCES = [
  '../src/store/sqlite-search.ts',
  '../src/search/chunks.ts',
  '../src/search/paper-text.ts',
  './synth.ts',
];

/**
 * A SQLite store holding the first `n` realistic synthesized papers (`synth.ts`), stored through
 * the paper store as the bot stores them. Building 200,000 takes minutes, so each is kept in the
 * temporary folder, named after `n` and the sources that shape it, and built again only when they
 * change. Callers that write get their own copy (`copy`).
 */
export async function storedPapers(n: number): Promise<string> {
  const version = createHash('sha256');
  for (const s of SOURCES) version.update(readFileSync(new URL(s, import.meta.url)));
  version.update(SEARCH_SCHEMA);
  const dir = join(tmpdir(), 'paperfeed-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `papers-${n}-${version.digest('hex').slice(0, 12)}.sqlite`);
  if (existsSync(file)) return file;
  const building = `${file}.building`;
  rmSync(building, { force: true });
  const backend = await openBackend(`sqlite://${building}`);
  const { papers } = createStores(backend);
  let batch = [];
  for (const p of synthesizeRealistic(n)) {
    batch.push(p);
    if (batch.length === 2000) {
      await papers.remember(batch);
      batch = [];
    }
  }
  await papers.remember(batch);
  await papers.indexStored(); // what the first start's warm-up does
  await backend.close();
  rmSync(`${building}-wal`, { force: true });
  rmSync(`${building}-shm`, { force: true });
  renameSync(building, file);
  return file;
}

/** A copy of `file` at `to`, for a run that writes. */
export function copy(file: string, to: string): string {
  copyFileSync(file, to);
  return to;
}
