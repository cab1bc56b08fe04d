import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import { BodyTooLargeError, cappedBodyFetch } from './capped-body.js';
import { UpstreamError } from '../errors.js';

/** How an upstream client talks HTTP; every field has a production default. */
export interface HttpOptions {
  /** Injected so tests and benchmarks choose the transport. */
  fetch?: typeof globalThis.fetch;
  /** Per attempt, in ms, from sending the request to the last byte of the body. */
  timeoutMs?: number;
  /** Largest body accepted, in bytes; a bigger answer fails at once and is not retried. */
  maxBodyBytes?: number;
  /** Retries after the first attempt, on 408/429/5xx, timeouts and network errors. */
  retries?: number;
  /** Upper bound for one backoff wait, in ms (also caps a server's Retry-After). */
  maxDelayMs?: number;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string;
  /** Told of every attempt: its HTTP status (or `error`) and duration including the body (ms). */
  observe?: (status: string, ms: number) => void;
}

export interface HttpClient {
  /** GET a JSON body and the response headers; `undefined` on 404 when `notFoundOk` is set. */
  getJson(
    url: string,
    query?: Record<string, string | number>,
    options?: { notFoundOk?: boolean },
  ): Promise<{ body: unknown; headers: Headers } | undefined>;
  getText(url: string, query?: Record<string, string | number>): Promise<string>;
}

const USER_AGENT = 'paperfeed/0.1 (+https://github.com/paperfeed/paperfeed)';

/**
 * ky does the retrying: bounded attempts, exponential backoff with jitter, and `Retry-After`
 * honoured on 429/503 (capped by `maxDelayMs` so one upstream cannot stall a command).
 *
 * Every call ends: each attempt, body included, is cut at `timeoutMs` (see `cappedBodyFetch`),
 * so one call takes at most `(retries + 1) × timeoutMs + retries × maxDelayMs`: with the
 * defaults 4 × 10 s + 3 × 10 s = 70 s (arXiv, with 2 retries: 50 s, plus its queue).
 */
export function createHttp(service: string, options: HttpOptions = {}): HttpClient {
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const client: KyInstance = ky.create({
    fetch: observed(
      cappedBodyFetch(options.fetch ?? ((input, init) => globalThis.fetch(input, init)), maxBodyBytes),
      options.observe,
    ),
    timeout: options.timeoutMs ?? 10_000,
    headers: {
      'user-agent': USER_AGENT,
      accept: 'application/json, application/atom+xml;q=0.9, */*;q=0.5',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    retry: {
      limit: options.retries ?? 3,
      methods: ['get'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: maxDelayMs,
      backoffLimit: maxDelayMs,
      retryOnTimeout: true,
      jitter: true,
      // A too-large body would be as large next time; anything else follows the rules above.
      shouldRetry: ({ error }) => (error instanceof BodyTooLargeError ? false : undefined),
    },
  });

  async function get(url: string, query: Record<string, string | number> | undefined, notFoundOk: boolean) {
    try {
      return await client.get(url, { searchParams: query });
    } catch (error) {
      if (error instanceof HTTPError && error.response.status === 404 && notFoundOk) return undefined;
      throw toUpstreamError(service, error);
    }
  }

  return {
    async getJson(url, query, opts) {
      const res = await get(url, query, opts?.notFoundOk ?? false);
      if (!res) return undefined;
      try {
        return { body: await res.json(), headers: res.headers };
      } catch (error) {
        throw new UpstreamError(service, 'answered with a body that is not JSON', { cause: error });
      }
    },
    async getText(url, query) {
      const res = await get(url, query, false);
      return res ? await res.text() : '';
    },
  };
}

function observed(fetch: typeof globalThis.fetch, observe: HttpOptions['observe']): typeof globalThis.fetch {
  if (!observe) return fetch;
  return async (input, init) => {
    const started = performance.now();
    try {
      const res = await fetch(input, init);
      observe(String(res.status), performance.now() - started);
      return res;
    } catch (error) {
      observe('error', performance.now() - started);
      throw error;
    }
  };
}

function toUpstreamError(service: string, error: unknown): UpstreamError {
  if (error instanceof HTTPError) {
    const status = error.response.status;
    const what = status === 429 ? 'rate limit reached' : `HTTP ${status}`;
    return new UpstreamError(service, what, { cause: error, status });
  }
  if (error instanceof TimeoutError) return new UpstreamError(service, 'timed out', { cause: error });
  if (error instanceof BodyTooLargeError) return new UpstreamError(service, error.message, { cause: error });
  const message =
    error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return new UpstreamError(service, `unreachable: ${message}`, { cause: error });
}
