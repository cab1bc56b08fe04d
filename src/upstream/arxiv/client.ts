import { createHttp, type HttpOptions } from '../http.js';
import type { Paper } from '../../model.js';
import type { ArxivClient } from '../../papers/sources.js';
import { createSpacedLane } from '../paced-queue.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import { parseArxivFeed } from './parse.js';

export type { ArxivClient } from '../../papers/sources.js';

export interface ArxivClientOptions extends HttpOptions {
  apiUrl: string;
  /**
   * arXiv's terms allow one request every 3 s on a single connection
   * (https://info.arxiv.org/help/api/tou.html); requests queue behind each other.
   */
  minIntervalMs?: number;
  /** Times the spacing (default the system clock). */
  clock?: Clock;
  /** The arXiv lane to queue in, shared with the RSS listings (default one of its own, `minIntervalMs` apart). */
  lane?: <T>(task: () => Promise<T>) => Promise<T>;
}

/** Ids per `id_list` request: a day of Daily Papers in one request, and a URL of about 1.2 kB. */
export const MAX_IDS_PER_REQUEST = 100;

export function createArxivClient(options: ArxivClientOptions): ArxivClient {
  // Atom runs about 2-3 kB an entry: 20 MB holds arXiv's 2000-result maximum several times over.
  const http = createHttp('arXiv', { retries: 2, ...options, maxBodyBytes: options.maxBodyBytes ?? 20 * 1024 * 1024 });
  // arXiv's terms: a single connection, 3 s between requests.
  const lane = options.lane ?? createSpacedLane(options.minIntervalMs ?? 3000, options.clock ?? systemClock);
  const query = (params: Record<string, string | number>): Promise<Paper[]> =>
    lane(async () => parseArxivFeed(await http.getText(options.apiUrl, params)));

  return {
    maxIdsPerRequest: MAX_IDS_PER_REQUEST,
    async paper(id) {
      const papers = await query({ id_list: id, max_results: 1 });
      return papers.find((p) => p.id === id);
    },
    async papers(ids) {
      if (ids.length === 0) return [];
      if (ids.length > MAX_IDS_PER_REQUEST)
        throw new RangeError(`at most ${MAX_IDS_PER_REQUEST} ids per arXiv request`);
      const wanted = new Set(ids);
      const found = await query({ id_list: ids.join(','), start: 0, max_results: ids.length });
      return found.filter((p) => wanted.has(p.id));
    },
    async search(text, limit) {
      // Terms are ANDed over all fields; quotes and parentheses would change the query language.
      const terms = text
        .replace(/["()]/g, ' ')
        .split(/\s+/)
        .filter((t) => t && !/^(AND|OR|ANDNOT)$/.test(t))
        .map((t) => `all:${t}`);
      if (terms.length === 0) return [];
      return query({ search_query: terms.join(' AND '), start: 0, max_results: limit, sortBy: 'relevance' });
    },
  };
}
