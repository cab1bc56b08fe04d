/**
 * The scheduled daily posts: the only importer of node-cron (test/architecture.test.ts checks).
 *
 * One cron task fires every minute (in UTC: node-cron's own `timezone` is not needed) and runs a
 * tick of the platform-neutral runner, which reads the subscriptions and the injected clock and
 * works out each channel's local time itself (src/delivery/post-slots.ts), so daylight-saving changes and
 * subscription edits need no cron bookkeeping and no restart.
 *
 * Started by adapters/bot/bot.ts once the platforms have started, with each platform's delivery:
 *
 *   const scheduler = startScheduler({ stores, clock, logger, deliveries, serves });
 *
 * Started last, it is stopped first: the scheduler drains (≤ 7 s) before the platform clients
 * and the store close.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { ClubRunner } from '../../src/club/runner.js';
import type { Delivery } from '../../src/delivery/delivery.js';
import { StoreUnavailableError } from '../../src/errors.js';
import type { Logger } from '../../src/ports/logger.js';
import type { ChannelRef, Platform } from '../../src/model.js';
import { createTickRunner, DRAIN_MS, type TickResult } from '../../src/delivery/tick.js';
import type { ScheduleOptions } from '../../src/delivery/post-slots.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Stores } from '../../src/store/index.js';

export interface SchedulerOptions extends ScheduleOptions {
  stores: Stores;
  clock: Clock;
  logger: Logger;
  /** Each running platform's delivery. */
  deliveries: ReadonlyMap<Platform, Delivery>;
  /** Start node-cron's minute task (default true); tests may drive `tick` alone. */
  cron?: boolean;
  /** Tick once at start, so a restart resumes unfinished posts at once (default true). */
  tickOnStart?: boolean;
  /** Bound on the graceful stop (ms, default 7 s). */
  drainMs?: number;
  /** Channels served at once (default `DEFAULT_CONCURRENCY`). */
  concurrency?: number;
  /** The channels this process schedules (default all): a sharded Discord process, its shards' guilds. */
  serves?: (channel: ChannelRef) => boolean;
  /** The reading club's minute: agendas, held sessions, reminders (src/club/runner.ts). */
  club?: ClubRunner;
}

export interface Scheduler {
  /** Runs one tick at `now` (ms; default the clock) and resolves when its deliveries have settled. */
  tick(now?: number): Promise<TickResult[]>;
  /** Stops the cron task, lets messages in flight land and be recorded (bounded), and stops taking work. */
  stop(): Promise<void>;
}

/** Starts the daily posts. See the file comment for the call adapters/bot/bot.ts makes. */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const { stores, logger } = options;
  const runner = createTickRunner(options);
  const failed = (what: string) => (error: unknown) => {
    // A store outage is logged once by the store; the next minute's tick tries again.
    if (error instanceof StoreUnavailableError)
      logger.debug(`${what} skipped: store unavailable`, { reason: error.reason });
    else logger.error(`${what} failed`, { error });
  };
  let club: Promise<unknown> | undefined;
  let stopping = false;
  const run = () => {
    runner.tick().catch(failed('scheduler tick'));
    if (options.club && !stopping) club = options.club.tick().catch(failed('reading club tick'));
  };
  let task: ScheduledTask | undefined;
  if (options.cron !== false) {
    // Not awaited by node-cron: one slow channel must not hold the next minute's tick for the others.
    task = cron.schedule('* * * * *', run, { name: 'paperfeed-daily-posts', logger: cronLogger(logger) });
  }
  if (options.tickOnStart !== false) run();
  logger.info('scheduler started', { cron: Boolean(task), store: stores.backend.kind });
  if (!stores.backend.shared) {
    logger.info(
      `the ${stores.backend.kind} store is single-instance: run one paperfeed process on it (Redis or PostgreSQL for several)`,
    );
  }
  return {
    tick: (now) => runner.tick(now),
    async stop() {
      stopping = true;
      await task?.destroy();
      const settled = await runner.drain(options.drainMs ?? DRAIN_MS);
      // The club's minute in flight (an agenda, a reminder) finishes within the same bound.
      const stopWaiting = new AbortController();
      const late = options.clock.sleep(options.drainMs ?? DRAIN_MS, stopWaiting.signal).catch(() => undefined);
      await Promise.race([club, late]);
      stopWaiting.abort();
      if (!settled)
        logger.warn('scheduler stopped with posts still in flight; the next start resumes them from the ledger');
      else logger.info('scheduler stopped');
    },
  };
}

/** node-cron's own messages (a missed minute after a pause of the event loop) into our log. */
function cronLogger(logger: Logger) {
  const text = (m: string | Error) => (m instanceof Error ? m.message : m);
  return {
    info: (m: string) => logger.debug(`node-cron: ${m}`),
    warn: (m: string) => logger.warn(`node-cron: ${m}`),
    error: (m: string | Error, error?: Error) => logger.error(`node-cron: ${text(m)}`, { error }),
    debug: (m: string | Error) => logger.debug(`node-cron: ${text(m)}`),
  };
}
