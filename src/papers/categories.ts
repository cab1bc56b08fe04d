import type { ArxivClient } from './sources.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Paper } from '../model.js';
import type { PaperStore, StoredCategories } from '../store/paper-store.js';

/** Gives papers their arXiv categories (HF's Daily Papers has none), for `category:` filters. */
export interface CategoryLookup {
  /** The papers with `categories` set where known; waits for arXiv at most the budget. */
  categorize(papers: readonly Paper[]): Promise<Paper[]>;
}

/** What lookups over the same papers share: categories known, and arXiv requests in flight (by paper id). */
export interface CategoryCache {
  readonly known: Map<string, StoredCategories>;
  readonly inflight: Map<string, Promise<void>>;
}

/** An empty category cache. */
export const createCategoryCache = (): CategoryCache => ({ known: new Map(), inflight: new Map() });

export interface CategoryLookupDeps {
  arxiv: ArxivClient;
  papers: PaperStore;
  clock: Clock;
  logger: Logger;
  /** How long a digest waits for arXiv before going on without the categories it lacks, in ms. */
  budgetMs?: number;
  /** Shared with other lookups over the same papers (default its own). */
  cache?: CategoryCache;
}

/** How long "arXiv does not list this id" stands before it is asked again (new papers appear late), in ms. */
const RETRY_UNLISTED_MS = 12 * 3_600_000;

/**
 * Categories never change once arXiv lists a paper, so each is fetched once and kept in the paper
 * store: a day of Daily Papers is one `id_list` request (arXiv asks for one request per 3 s), and
 * concurrent digests for the same papers share it. When arXiv is slow or down, a digest waits at
 * most `budgetMs` and goes on with what is known; the request finishes in the background and
 * fills the cache for the next digest.
 */
export function createCategoryLookup(deps: CategoryLookupDeps): CategoryLookup {
  const { arxiv, papers: store, clock, logger } = deps;
  const budgetMs = deps.budgetMs ?? 10_000;
  const { known, inflight } = deps.cache ?? createCategoryCache();

  const settled = (c: StoredCategories | undefined): c is StoredCategories =>
    c !== undefined && (c.categories.length > 0 || clock.now() - c.at < RETRY_UNLISTED_MS);

  async function fetchChunk(ids: readonly string[]): Promise<void> {
    try {
      const found = new Map((await arxiv.papers(ids)).map((p) => [p.id, p.categories ?? []]));
      const at = clock.now();
      for (const id of ids) {
        const stored = { categories: found.get(id) ?? [], at };
        known.set(id, stored);
        await store.putCategories(id, stored);
      }
    } catch (error) {
      logger.warn('arXiv category lookup failed; category filters skip these papers for now', {
        papers: ids.length,
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      for (const id of ids) inflight.delete(id);
    }
  }

  return {
    async categorize(list) {
      const ids = [...new Set(list.filter((p) => !p.categories).map((p) => p.id))];
      await Promise.all(
        ids
          .filter((id) => !settled(known.get(id)))
          .map(async (id) => {
            const stored = await store.getCategories(id);
            if (stored) known.set(id, stored);
          }),
      );
      const missing = ids.filter((id) => !settled(known.get(id)) && !inflight.has(id));
      const perRequest = arxiv.maxIdsPerRequest ?? (missing.length || 1);
      for (let i = 0; i < missing.length; i += perRequest) {
        const chunk = missing.slice(i, i + perRequest);
        const request = fetchChunk(chunk);
        for (const id of chunk) inflight.set(id, request);
      }
      const waits = [...new Set(ids.map((id) => inflight.get(id)).filter((p) => p !== undefined))];
      if (waits.length > 0) {
        const stopWaiting = new AbortController();
        const budget = clock.sleep(budgetMs, stopWaiting.signal).catch(() => undefined);
        await Promise.race([Promise.all(waits), budget]);
        stopWaiting.abort();
      }
      return list.map((p) => {
        const c = known.get(p.id);
        return p.categories || !c || c.categories.length === 0 ? p : { ...p, categories: c.categories };
      });
    },
  };
}
