import PQueue from 'p-queue';
import type { Clock } from '../ports/clock.js';
import type { Delivery, DeliveryOutcome } from './delivery.js';
import type { Logger } from '../ports/logger.js';
import { feedKey, type ChannelRef, type Platform } from '../model.js';
import { recapDay, recapPlanFor, recapsDueAt, type RecapPlan } from './recap-timing.js';
import { createMemo } from './post-day.js';
import { dueAt, planFor, type DuePlan, type ScheduleOptions } from './post-slots.js';
import type { Stores } from '../store/index.js';

/** What a tick did for one channel. */
export interface TickResult {
  channel: ChannelRef;
  /** The feed's name; absent for the channel's default feed. */
  feed?: string;
  day: string;
  /** The days the post covered (`DuePlan.days`). */
  days: string[];
  /** The days whose papers it showed (none: the note), once posted. */
  shows?: string[];
  outcome: DeliveryOutcome['status'] | 'failed';
  /** A weekly recap (its `day` is `recap-<week>`), not a daily post. */
  recap?: true;
}

/**
 * The platform-neutral runner of scheduled posts. A tick reads every subscription from the store
 * (so subscribe, unsubscribe and setting changes apply from the next tick, with no restart) and
 * serves each due channel through its own queue: at most one delivery per channel at a time,
 * many channels concurrently. Pacing within a channel is the platform client's (rate-limit headers).
 */
export interface TickRunner {
  /** Serves what is due at `now` (ms; default the clock); resolves when every due channel's delivery has settled. */
  tick(now?: number): Promise<TickResult[]>;
  /**
   * Stops taking work; each delivery in flight stops once its current message has landed and
   * been recorded (the next start, or another instance, resumes it). Waits at most `timeoutMs`;
   * true when everything settled in time.
   */
  drain(timeoutMs?: number): Promise<boolean>;
}

export interface TickRunnerDeps extends ScheduleOptions {
  stores: Pick<Stores, 'subscriptions'>;
  /** The delivery of each running platform; subscriptions of a platform without one wait. */
  deliveries: ReadonlyMap<Platform, Delivery>;
  clock: Clock;
  logger: Logger;
  /** Channels served at once (default `DEFAULT_CONCURRENCY`). Each platform client queues and paces its own requests. */
  concurrency?: number;
  /**
   * The channels this process schedules (default: all). A process of a sharded Discord bot
   * schedules the guilds of its own shards; the ledger's lease makes any overlap post once.
   */
  serves?: (channel: ChannelRef) => boolean;
}

/**
 * Channels served at once by default. Pacing is the platform clients' job (discord.js's global and
 * per-route buckets, Slack's per-channel spacing and Retry-After), so this bound only caps memory
 * and store load: a small one would leave the platforms' allowances unused, since one channel's
 * messages must be spaced seconds apart (measured: 8 gave 11× the fan-out floor, `npm run bench`).
 */
export const DEFAULT_CONCURRENCY = 1000;

/**
 * Default bound on a graceful shutdown's drain (ms). Closing the clients after it takes well under
 * a second, so the whole stop fits in the 10 s a container engine waits after SIGTERM before
 * SIGKILL (Docker's `stop_grace_period`; Kubernetes allows 30 s).
 */
export const DRAIN_MS = 7_000;

export function createTickRunner(deps: TickRunnerDeps): TickRunner {
  const { stores, deliveries, clock, logger } = deps;
  const queue = new PQueue({ concurrency: deps.concurrency ?? DEFAULT_CONCURRENCY });
  /** The delivery running or queued per channel key: the per-channel queue, one deep. */
  const running = new Map<string, Promise<TickResult[]>>();
  const stopping = new AbortController();
  /** Subscription reads of ticks in progress. */
  const listings = new Set<Promise<unknown>>();
  /** Post times and days worked out for feeds' times and zones, kept across ticks (keys name every input). */
  const memo = createMemo();

  function serve(channel: ChannelRef, feed: string | undefined, now: number): Promise<TickResult[]> {
    const key = feedKey(channel, feed);
    // A channel already being served (a slow post, an overlapping tick) is joined, never doubled.
    const current = running.get(key);
    if (current) return current;
    const job = queue
      .add(() => runFeed(channel, feed, now))
      .then((r) => r ?? [])
      .finally(() => running.delete(key));
    running.set(key, job);
    return job;
  }

  async function runFeed(channel: ChannelRef, feed: string | undefined, now: number): Promise<TickResult[]> {
    if (stopping.signal.aborted) return [];
    // Read again: the subscription may have changed, paused or gone since the tick listed it.
    const sub = await stores.subscriptions.get(channel, feed);
    const plan = sub && planFor(sub, now, deps, memo);
    const recap = sub && recapPlanFor(sub, now, deps);
    if (!plan && !recap) return [];
    const delivery = deliveries.get(channel.platform);
    if (!delivery) {
      logger.debug('no delivery for this platform; the subscription waits', { channel });
      return [];
    }
    const results = plan ? [await deliver(delivery, plan)] : [];
    // The day's post first: a recap due at the same minute follows it in the channel.
    if (recap && !stopping.signal.aborted) results.push(await deliverRecap(delivery, recap));
    return results;
  }

  async function deliverRecap(delivery: Delivery, plan: RecapPlan): Promise<TickResult> {
    const { sub, week } = plan;
    const day = recapDay(week);
    const base = {
      channel: sub.channel,
      ...(sub.feed ? { feed: sub.feed } : {}),
      day,
      days: [day],
      recap: true as const,
    };
    try {
      const outcome = await delivery.postRecap({
        channel: sub.channel,
        feed: sub.feed,
        week,
        slot: plan.slot,
        timeZone: sub.timeZone,
        by: 'schedule',
        signal: stopping.signal,
      });
      logger.info('scheduled recap', { ...base, status: outcome.status });
      return { ...base, outcome: outcome.status };
    } catch (error) {
      logger.warn('scheduled recap failed', { ...base, error: error instanceof Error ? error.message : String(error) });
      return { ...base, outcome: 'failed' };
    }
  }

  async function deliver(delivery: Delivery, plan: DuePlan): Promise<TickResult> {
    const { sub, day, days } = plan;
    const base = { channel: sub.channel, ...(sub.feed ? { feed: sub.feed } : {}), day, days };
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      const outcome = await delivery.postDigest({
        channel: sub.channel,
        feed: sub.feed,
        ...(sub.owner ? { owner: sub.owner } : {}),
        day,
        settings: sub.settings,
        by: 'schedule',
        // The due slot travels with the delivery, so its first landed message reports the scheduler lag.
        dueAt: plan.slot,
        emptyDayNote: sub.emptyDayNote,
        signal: stopping.signal,
        layout: sub.layout,
        rank: sub.rank,
        waitForPapersUntil: plan.waitForPapersUntil,
        days,
        ...(plan.since !== undefined ? { since: plan.since } : {}),
        ...(sub.arxiv ? { arxiv: sub.arxiv } : {}),
      });
      const shows = outcome.status === 'posted' && outcome.shows ? { shows: outcome.shows } : {};
      logger.info('scheduled post', { ...base, ...shows, status: outcome.status, ms: ms() });
      return { ...base, ...shows, outcome: outcome.status };
    } catch (error) {
      // The delivery recorded it on the subscription: counted, backed off, paused past the threshold.
      logger.warn('scheduled post failed', {
        ...base,
        ms: ms(),
        error: error instanceof Error ? error.message : String(error),
      });
      return { ...base, outcome: 'failed' };
    }
  }

  return {
    async tick(now = clock.now()) {
      if (stopping.signal.aborted) return [];
      const listing = stores.subscriptions.list();
      listings.add(listing);
      const listed = await listing.finally(() => listings.delete(listing));
      const subs = deps.serves ? listed.filter((s) => deps.serves!(s.channel)) : listed;
      const due = new Map(
        [...dueAt(subs, now, deps, memo), ...recapsDueAt(subs, now, deps)].map(({ sub }) => [
          feedKey(sub.channel, sub.feed),
          sub,
        ]),
      );
      const results = await Promise.all([...due.values()].map((sub) => serve(sub.channel, sub.feed, now)));
      return results.flat();
    },
    async drain(timeoutMs = DRAIN_MS) {
      stopping.abort(); // queued channels return at once; deliveries stop after the message in flight
      const settled = (async () => {
        await Promise.allSettled([...listings]); // ticks still reading the store: the store closes after the drain
        await Promise.allSettled([...running.values()]);
        return true;
      })();
      const stopWaiting = new AbortController();
      const late = clock.sleep(timeoutMs, stopWaiting.signal).then(
        () => false,
        () => false,
      );
      const done = await Promise.race([settled, late]);
      stopWaiting.abort();
      return done;
    },
  };
}
