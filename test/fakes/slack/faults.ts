// Fault injection for the Slack fake: injected answers (failNext), the per-channel
// chat.postMessage token bucket, and answer faults (holdNext / dropNext).
import { AnswerFaults } from '../answer-faults.js';
import type { MethodResult } from './methods.js';
import type { FaultResponse, RateLimitOptions } from './types.js';

export class SlackFaults {
  private readonly injected: { method: string; response: FaultResponse; remaining: number }[] = [];
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private rateLimit: Required<RateLimitOptions> | undefined;
  /** Keyed by Web API method, or 'response_url'. */
  readonly answers = new AnswerFaults<{ method: string }>();

  constructor(rateLimit: RateLimitOptions | boolean | undefined) {
    this.setRateLimit(rateLimit);
  }

  failNext(method: string, response: FaultResponse, times: number): void {
    this.injected.push({ method, response, remaining: times });
  }

  setRateLimit(o: RateLimitOptions | boolean | undefined): void {
    this.buckets.clear();
    this.rateLimit = o ? { perSecond: 1, burst: 3, ...(o === true ? {} : o) } : undefined;
  }

  /** The injected answer for this method, if a pending failNext matches. */
  take(method: string): MethodResult | undefined {
    const f = this.injected.find((x) => x.method === method && x.remaining > 0);
    if (!f) return undefined;
    if (--f.remaining === 0) this.injected.splice(this.injected.indexOf(f), 1);
    const status = f.response.status ?? 200;
    const body = f.response.body ?? { ok: false, error: status === 429 ? 'ratelimited' : 'fatal_error' };
    return { status, body, headers: f.response.headers ?? {} };
  }

  /** Token bucket per channel; returns a 429 result when the bucket is empty. */
  throttle(channel: string): MethodResult | undefined {
    const limit = this.rateLimit;
    if (!limit) return undefined;
    const now = Date.now();
    const b = this.buckets.get(channel) ?? { tokens: limit.burst, at: now };
    b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
    b.at = now;
    this.buckets.set(channel, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond));
    return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'Retry-After': String(retryAfter) } };
  }

  /** Forget pending faults and rate-limit buckets (the rate-limit setting stays). */
  clear(): void {
    this.injected.length = 0;
    this.buckets.clear();
    this.answers.clear();
  }
}
