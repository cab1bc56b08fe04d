/**
 * Fault injection (failNext) and optional rate-limit enforcement for the fake Discord REST API.
 * Header semantics follow discord-api-docs topics/rate-limits.mdx and what @discordjs/rest reads.
 */
import { STATUS_CODES } from 'node:http';
import type { DiscordFakeState } from './state.js';
import type { RouteResult } from './types.js';

export interface FaultMatcher {
  /** Upper-case HTTP method; any when omitted. */
  method?: string;
  /** Tested against the path below /api/v10 (e.g. /channels/123/messages). */
  path: RegExp;
}

export interface FaultResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Fault {
  matcher: FaultMatcher;
  response: FaultResponse;
  /** How many more matching requests will get this response. */
  remaining: number;
  hits: number;
}

export interface RateLimitStats {
  /** Every 429 sent (injected or enforced). */
  rateLimited: number;
  /** 429s sent with X-RateLimit-Global. */
  globalRateLimited: number;
  /** Responses served from failNext(). */
  injected: number;
}

const MESSAGE_POST = /^\/channels\/(\d+)\/messages$/;
const CALLBACK = /^\/interactions\//;
const BUCKET_HASH = 'fakeMsgBucket0001';

const seconds = (ms: number) => (Math.max(1, ms) / 1000).toFixed(3);

export class FaultsAndLimits {
  readonly faults: Fault[] = [];
  readonly stats: RateLimitStats = { rateLimited: 0, globalRateLimited: 0, injected: 0 };
  private global = { start: 0, count: 0 };
  private readonly buckets = new Map<string, { start: number; count: number }>();

  constructor(private readonly state: DiscordFakeState) {}

  add(matcher: FaultMatcher, response: FaultResponse, times: number): Fault {
    const fault: Fault = { matcher, response, remaining: times, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults.length = 0;
    this.buckets.clear();
    this.global = { start: 0, count: 0 };
  }

  /** The injected response for this request, if a pending fault matches. */
  take(method: string, path: string): RouteResult | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.matcher.method || f.matcher.method.toUpperCase() === method) &&
        f.matcher.path.test(path),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    fault.hits += 1;
    this.stats.injected += 1;
    return this.normalize(fault.response);
  }

  private normalize(res: FaultResponse): RouteResult {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers ?? {})) headers[k.toLowerCase()] = v;
    let body = res.body;
    if (res.status === 429) {
      const bodyRetry =
        typeof body === 'object' && body !== null ? (body as Record<string, unknown>).retry_after : undefined;
      headers['retry-after'] ??= typeof bodyRetry === 'number' ? String(bodyRetry) : '0.1';
      const global = headers['x-ratelimit-global'] === 'true';
      headers['x-ratelimit-scope'] ??= global ? 'global' : 'user';
      body ??= { message: 'You are being rate limited.', retry_after: Number(headers['retry-after']), global };
      this.count429(global);
    } else if (body === undefined && res.status !== 204) {
      body = { code: 0, message: `${res.status}: ${STATUS_CODES[res.status] ?? 'Error'}` };
    }
    return { status: res.status, body, headers };
  }

  private count429(global: boolean): void {
    this.stats.rateLimited += 1;
    if (global) this.stats.globalRateLimited += 1;
  }

  /**
   * Rate-limit enforcement. Returns a 429 to send instead of handling the request, or
   * headers to add to the normal response (message posts), or nothing.
   */
  enforce(method: string, path: string, now: number): { reject?: RouteResult; headers?: Record<string, string> } {
    const limits = this.state.rateLimits;
    if (!limits) return {};
    if (limits.globalPerSecond !== undefined && !CALLBACK.test(path)) {
      if (now - this.global.start >= 1000) this.global = { start: now, count: 0 };
      if (this.global.count >= limits.globalPerSecond) {
        const retry = seconds(this.global.start + 1000 - now);
        this.count429(true);
        return {
          reject: {
            status: 429,
            body: { message: 'You are being rate limited.', retry_after: Number(retry), global: true },
            headers: { 'retry-after': retry, 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
          },
        };
      }
      this.global.count += 1;
    }
    const channelId = method === 'POST' ? MESSAGE_POST.exec(path)?.[1] : undefined;
    const bucketLimits = limits.channelMessages;
    if (!channelId || !bucketLimits) return {};
    let bucket = this.buckets.get(channelId);
    if (!bucket || now - bucket.start >= bucketLimits.windowMs) {
      bucket = { start: now, count: 0 };
      this.buckets.set(channelId, bucket);
    }
    const resetAfterMs = bucket.start + bucketLimits.windowMs - now;
    const base = {
      'x-ratelimit-limit': String(bucketLimits.limit),
      'x-ratelimit-reset-after': seconds(resetAfterMs),
      'x-ratelimit-reset': ((bucket.start + bucketLimits.windowMs) / 1000).toFixed(3),
      'x-ratelimit-bucket': BUCKET_HASH,
    };
    if (bucket.count >= bucketLimits.limit) {
      this.count429(false);
      return {
        reject: {
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: Number(seconds(resetAfterMs)), global: false },
          headers: {
            ...base,
            'x-ratelimit-remaining': '0',
            'retry-after': seconds(resetAfterMs),
            'x-ratelimit-scope': 'user',
          },
        },
      };
    }
    bucket.count += 1;
    return { headers: { ...base, 'x-ratelimit-remaining': String(bucketLimits.limit - bucket.count) } };
  }
}
