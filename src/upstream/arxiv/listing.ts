import { createHttp, type HttpOptions } from '../http.js';
import { UpstreamError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { ListingSource } from '../../arxiv-feed/listing-source.js';
import { parseListing } from './listing-parse.js';

/** Runs arXiv requests one at a time, spaced (`createSpacedLane`); shared with the export API client. */
export type ArxivLane = <T>(task: () => Promise<T>) => Promise<T>;

export interface ArxivListingOptions extends Omit<HttpOptions, 'retries'> {
  /** `ARXIV_RSS_URL`: a listing is `${rssUrl}/<cat>[+<cat>…]`. */
  rssUrl: string;
  /** The lane every arXiv request goes through (arXiv's terms count RSS too: one connection, 3 s apart). */
  lane: ArxivLane;
  /** Times the waits after a 429 or 503. */
  clock: Clock;
  /** Attempts per listing, the first included (default 5). */
  attempts?: number;
  /** The first wait when arXiv gives no Retry-After (ms, default 30 s); doubles after each failed attempt. */
  backoffMs?: number;
  /** The longest single wait (ms, default 5 min): a longer Retry-After fails the fetch now, and the feed tries again later. */
  maxWaitMs?: number;
}

/** Statuses worth another attempt: arXiv's "slow down" (429), "unavailable" (503), and other transient ones. */
const TRANSIENT = new Set([408, 429, 500, 502, 503, 504]);

/** arXiv's terms: requests at least 3 s apart, which no wait here undercuts. */
const MIN_GAP_MS = 3000;

/**
 * arXiv's RSS listings, fetched politely: through the shared arXiv lane (one request at a time, 3 s
 * apart), and on a 429 or 503 the request waits out `Retry-After` (else a doubling backoff from 30 s),
 * holding the lane so no other arXiv request goes out meanwhile, up to `attempts` and `maxWaitMs`.
 * The waits run on the injected clock; ky's own retries are off. A fetch that runs out of
 * attempts throws an `UpstreamError`: the delivery that asked fails without counting against the
 * channel (only platform failures pause a feed) and is tried again later.
 */
export function createArxivListings(options: ArxivListingOptions): ListingSource {
  // A 2,000-item listing runs about 3.5 MB; 20 MB leaves room, as for the export API.
  const http = createHttp('arXiv', { ...options, retries: 0, maxBodyBytes: options.maxBodyBytes ?? 20 * 1024 * 1024 });
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 30_000;
  const maxWaitMs = options.maxWaitMs ?? 5 * 60_000;
  const base = options.rssUrl.replace(/\/+$/, '');

  async function fetchText(url: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await http.getText(url);
      } catch (error) {
        if (!(error instanceof UpstreamError) || attempt >= attempts) throw error;
        if (error.status !== undefined && !TRANSIENT.has(error.status)) throw error;
        const asked = retryAfterMs(error, options.clock.now());
        if (asked !== undefined && asked > maxWaitMs)
          throw new UpstreamError('arXiv', `asked to wait ${Math.round(asked / 1000)} s (Retry-After)`, {
            cause: error,
            status: error.status,
          });
        const wait = Math.max(MIN_GAP_MS, asked ?? Math.min(backoffMs * 2 ** (attempt - 1), maxWaitMs));
        await options.clock.sleep(wait);
      }
    }
  }

  return {
    async listing(categories) {
      const url = `${base}/${categories.join('+')}`;
      // The lane holds for the whole fetch, waits included: arXiv asked this client to slow down.
      const xml = await options.lane(() => fetchText(url));
      return parseListing(xml);
    },
  };
}

/** The `Retry-After` of the answer behind `error` (seconds or an HTTP date), in ms from `now`. */
function retryAfterMs(error: UpstreamError, now: number): number | undefined {
  const response = (error.cause as { response?: Response } | undefined)?.response;
  const value = response?.headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
