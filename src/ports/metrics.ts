import type { Platform } from '../model.js';

/** How a command ended, as counted and logged. */
export type CommandOutcome = 'ok' | 'denied' | 'user_error' | 'store_unavailable' | 'error' | 'unknown';

/** The upstream paper services. */
export type Upstream = 'hf' | 'arxiv';

/**
 * The metrics port: what the core and the adapters count. The Prometheus implementation lives in
 * adapters/bot/prom-metrics.ts (one registry per running bot); `noMetrics` is the default everywhere else.
 * Every label value passed here comes from a small fixed set, never from user input.
 */
export interface Metrics {
  /** A command or button press answered, after `ms` of handling. */
  command(platform: Platform, command: string, outcome: CommandOutcome, ms: number): void;
  /** One message posted to a channel (digest header, paper card, notice), or a failed attempt. */
  post(platform: Platform, ok: boolean): void;
  /** A vote appeared (`add`) or went away (`remove`). */
  vote(platform: Platform, change: 'add' | 'remove'): void;
  /** One HTTP attempt to HF or arXiv; `status` is the HTTP status or `error` (network, timeout, too large). */
  upstream(service: Upstream, status: string, ms: number): void;
  /** The platform answered 429. */
  rateLimited(platform: Platform): void;
  /** A request waited `ms` for the platform's rate limit (a 429's Retry-After or an empty bucket). */
  rateLimitWait(platform: Platform, ms: number): void;
  /** A scheduled digest's first message landed `ms` after it was due (the post carries its due time: `PostOptions.dueAt`). */
  schedulerLag(platform: Platform, ms: number): void;
  /** A store operation failed: `busy`, `down`, or `other` (not a known outage). */
  storeError(store: string, reason: string): void;
  /**
   * A vote event kept because the store did not answer, applied from that queue later, or dropped
   * from it (full); `waiting` is how many are kept afterwards.
   */
  voteQueue(outcome: 'kept' | 'applied' | 'dropped', waiting: number): void;
}

export const noMetrics: Metrics = {
  command() {},
  post() {},
  vote() {},
  upstream() {},
  rateLimited() {},
  rateLimitWait() {},
  schedulerLag() {},
  storeError() {},
  voteQueue() {},
};
