import { UpstreamError } from '../../errors.js';
import { createHttp, type HttpOptions } from '../http.js';
import type { Logger } from '../../ports/logger.js';
import type { Paper } from '../../model.js';
import { rankByUpvotes } from '../../papers/rank.js';
import type { HfClient } from '../../papers/sources.js';
import { hfListItem, hfPaper } from './schema.js';
import { hfToPaper } from './to-paper.js';

export type { HfClient } from '../../papers/sources.js';

export interface HfClientOptions extends HttpOptions {
  baseUrl: string;
  logger: Logger;
  /** Items per page; HF's default is 50 and its own tools ask for 100. */
  pageSize?: number;
  /** Safety bound on paging, in case the server keeps answering full pages. */
  maxPages?: number;
}

const SERVICE = 'Hugging Face';

export function createHfClient(options: HfClientOptions): HfClient {
  // A 100-paper page is about 0.5 MB; 10 MB leaves room for a page of 533-author papers.
  const http = createHttp(SERVICE, { ...options, maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024 });
  const base = options.baseUrl.replace(/\/+$/, '');
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 20;
  const { logger } = options;

  /** Keeps the good items of a list; a malformed one is logged and skipped. `raw` counts every item. */
  function parseList(body: unknown, what: string): { papers: Paper[]; raw: number } {
    if (!Array.isArray(body)) throw new UpstreamError(SERVICE, `${what} is not a list`);
    const papers: Paper[] = [];
    body.forEach((raw, index) => {
      const item = hfListItem.safeParse(raw);
      const paper = item.success ? hfToPaper(item.data.paper, item.data) : undefined;
      if (paper) papers.push(paper);
      else
        logger.warn('skipped a malformed paper', {
          what,
          index,
          issue: item.success ? 'not an arXiv id' : item.error.issues[0]?.message,
        });
    });
    return { papers, raw: body.length };
  }

  // Papers but not one usable is a broken answer, not an empty day: said as an error so nobody
  // caches it as "no papers".
  const noneValid = (raw: number, what: string) =>
    new UpstreamError(SERVICE, `answered ${raw} papers for ${what}, none of them valid`);

  return {
    // Each page is one call, bounded as `createHttp` states: a day takes at most `maxPages` times that.
    async dailyPapers(day) {
      const byId = new Map<string, Paper>();
      let raw = 0;
      for (let p = 0; p < maxPages; p++) {
        const res = await http.getJson(`${base}/api/daily_papers`, { date: day, limit: pageSize, p });
        const body = res?.body;
        const page = parseList(body, `daily papers ${day} page ${p}`);
        raw += page.raw;
        for (const paper of page.papers) byId.set(paper.id, paper);
        const hasNext = /rel="?next"?/.test(res?.headers.get('link') ?? '');
        if (!hasNext && (!Array.isArray(body) || body.length < pageSize)) break;
      }
      if (raw > 0 && byId.size === 0) throw noneValid(raw, day);
      return rankByUpvotes([...byId.values()]);
    },

    async search(query, limit) {
      const res = await http.getJson(`${base}/api/papers/search`, { q: query, limit });
      const { papers, raw } = parseList(res?.body, `search "${query}"`);
      if (raw > 0 && papers.length === 0) throw noneValid(raw, `search "${query}"`);
      return papers.slice(0, limit);
    },

    async paper(id) {
      const res = await http.getJson(
        `${base}/api/papers/${id.split('/').map(encodeURIComponent).join('/')}`,
        undefined,
        { notFoundOk: true },
      );
      if (!res) return undefined;
      const parsed = hfPaper.safeParse(res.body);
      if (!parsed.success) throw new UpstreamError(SERVICE, `paper ${id} came back malformed`);
      return hfToPaper(parsed.data);
    },
  };
}
