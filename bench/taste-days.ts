import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Paper } from '../src/model.js';
import { rankByUpvotes } from '../src/papers/rank.js';
import { hfListItem } from '../src/upstream/hf/schema.js';
import { hfToPaper } from '../src/upstream/hf/to-paper.js';

/** A Daily Papers day as Hugging Face listed it. */
export interface ReplayDay {
  day: string;
  papers: Paper[];
}

/**
 * Where the 60 real Daily Papers days are: `TASTE_DAYS_DIR`, else the first `shared/fixtures/hf-days`
 * found walking up from the repository (the checkout's `../shared/fixtures/hf-days/`).
 */
export function daysDir(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.TASTE_DAYS_DIR) return env.TASTE_DAYS_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'shared', 'fixtures', 'hf-days');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

/** Every `YYYY-MM-DD.json` day in `dir`, oldest first, each parsed as the HF client parses a day. */
export function loadDays(dir: string): ReplayDay[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
    .sort()
    .map((f) => {
      const raw = JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown[];
      const papers = raw.flatMap((item) => {
        const parsed = hfListItem.safeParse(item);
        const p = parsed.success ? hfToPaper(parsed.data.paper, parsed.data) : undefined;
        return p ? [p] : [];
      });
      const day = f.slice(0, 10);
      return { day, papers: rankByUpvotes(papers.map((p) => ({ ...p, featuredOn: p.featuredOn ?? day }))) };
    });
}
