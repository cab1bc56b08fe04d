import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../../src/ports/metrics.js';
import type { Subscription } from '../../src/subscriptions/subscription.js';
import { systemClock, type Clock } from '../../src/ports/clock.js';

/** The Prometheus side of the metrics port: one registry per running bot, never prom-client's global one. */
export interface PromMetrics extends Metrics {
  registry: Registry;
  /**
   * Reads the subscription gauges from `list` at scrape time (cached a few seconds). `list` should
   * answer within SCRAPE_STORE_TIMEOUT_MS: a scrape does not wait on a store that does not answer.
   */
  watchSubscriptions(list: () => Promise<readonly Subscription[]>): void;
  /** The text a `GET /metrics` answers. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC); default true. */
  defaultMetrics?: boolean;
  /** How long one subscription count is reused between scrapes (ms, default 15 s). */
  subscriptionsCacheMs?: number;
  /** The bot's clock: how old a subscription count is (default the system clock). */
  clock?: Clock;
}

/** Bound on the store read behind the subscription gauges (ms): the list passed to `watchSubscriptions` keeps to it. */
export const SCRAPE_STORE_TIMEOUT_MS = 1000;

const s = (ms: number) => ms / 1000;
/** Seconds: commands and upstream calls (ms to a minute). */
const FAST = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Seconds: waits and lag (a second to a day). */
const SLOW = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600, 21600, 86400];

export function createMetrics(options: MetricsOptions = {}): PromMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const posts = new Counter({
    name: 'paperfeed_posts_total',
    help: 'Messages posted to channels (digest headers, paper cards, notices).',
    labelNames: ['platform'],
    registers,
  });
  const postFailures = new Counter({
    name: 'paperfeed_post_failures_total',
    help: 'Attempts to post a message that failed.',
    labelNames: ['platform'],
    registers,
  });
  const commands = new Histogram({
    name: 'paperfeed_command_duration_seconds',
    help: 'Commands and button presses handled, by outcome, with their handling time.',
    labelNames: ['platform', 'command', 'outcome'],
    buckets: FAST,
    registers,
  });
  const votes = new Counter({
    name: 'paperfeed_votes_applied_total',
    help: "Vote reactions that changed a paper's votes.",
    labelNames: ['platform', 'change'],
    registers,
  });
  const upstream = new Histogram({
    name: 'paperfeed_upstream_request_duration_seconds',
    help: 'HTTP attempts to Hugging Face and arXiv, by status (or "error"), with their duration.',
    labelNames: ['service', 'status'],
    buckets: FAST,
    registers,
  });
  const rateLimited = new Counter({
    name: 'paperfeed_rate_limited_total',
    help: 'HTTP 429 answers from the platform.',
    labelNames: ['platform'],
    registers,
  });
  const rateLimitWait = new Histogram({
    name: 'paperfeed_rate_limit_wait_seconds',
    help: "Waits imposed by the platform's rate limits (Retry-After, empty buckets).",
    labelNames: ['platform'],
    buckets: SLOW,
    registers,
  });
  const lag = new Histogram({
    name: 'paperfeed_scheduler_lag_seconds',
    help: 'From a scheduled digest being due to its first message landing.',
    labelNames: ['platform'],
    buckets: SLOW,
    registers,
  });
  const storeErrors = new Counter({
    name: 'paperfeed_store_errors_total',
    help: 'Store operations that failed (busy, down, other).',
    labelNames: ['store', 'reason'],
    registers,
  });
  const voteQueue = new Counter({
    name: 'paperfeed_vote_queue_total',
    help: 'Vote events kept while the store did not answer, applied from the queue later, or dropped from it (full).',
    labelNames: ['outcome'],
    registers,
  });
  const votesWaiting = new Gauge({
    name: 'paperfeed_votes_waiting',
    help: 'Vote events kept in this process, waiting for the store.',
    registers,
  });

  let list: (() => Promise<readonly Subscription[]>) | undefined;
  let counted: { at: number; counts: Map<string, { all: number; paused: number }> } | undefined;
  const cacheMs = options.subscriptionsCacheMs ?? 15_000;
  const clock = options.clock ?? systemClock;
  async function subscriptionCounts() {
    if (!list) return undefined;
    if (counted && clock.now() - counted.at < cacheMs) return counted.counts;
    const subs = await list().catch(() => undefined);
    // A store that does not answer in time leaves the last known figures; the store error counter says why.
    if (!subs) return counted?.counts;
    const counts = new Map<string, { all: number; paused: number }>();
    for (const sub of subs) {
      const c = counts.get(sub.channel.platform) ?? { all: 0, paused: 0 };
      c.all++;
      if (sub.paused) c.paused++;
      counts.set(sub.channel.platform, c);
    }
    counted = { at: clock.now(), counts };
    return counts;
  }
  const gauge = (name: string, help: string, pick: (c: { all: number; paused: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['platform'],
      registers,
      async collect() {
        const counts = await subscriptionCounts();
        if (!counts) return;
        this.reset();
        for (const [platform, c] of counts) this.set({ platform }, pick(c));
      },
    });
  gauge('paperfeed_subscriptions', 'Channels subscribed to daily posts (read from the store at scrape).', (c) => c.all);
  gauge(
    'paperfeed_subscriptions_paused',
    'Subscriptions paused after repeated failures (read from the store at scrape).',
    (c) => c.paused,
  );

  return {
    registry,
    watchSubscriptions: (fn) => void (list = fn),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    command: (platform, command, outcome, ms) => commands.observe({ platform, command, outcome }, s(ms)),
    post: (platform, ok) => (ok ? posts : postFailures).inc({ platform }),
    vote: (platform, change) => votes.inc({ platform, change }),
    upstream: (service, status, ms) => upstream.observe({ service, status }, s(ms)),
    rateLimited: (platform) => rateLimited.inc({ platform }),
    rateLimitWait: (platform, ms) => rateLimitWait.observe({ platform }, s(ms)),
    schedulerLag: (platform, ms) => lag.observe({ platform }, s(Math.max(0, ms))),
    storeError: (store, reason) => storeErrors.inc({ store, reason }),
    voteQueue: (outcome, waiting) => {
      voteQueue.inc({ outcome });
      votesWaiting.set(waiting);
    },
  };
}
