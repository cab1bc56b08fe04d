import { StoreUnavailableError } from '../errors.js';
import type { Clock, Timer } from '../ports/clock.js';
import { applyVote, clearVotes, type VoteClear, type VoteDeps, type VoteReaction } from './votes.js';

/** Vote events kept at most while the store does not answer (about 5 MB); past it the oldest is dropped. */
export const VOTE_QUEUE_LIMIT = 10_000;

export interface VoteIntakeOptions {
  /** Most events kept (default VOTE_QUEUE_LIMIT). */
  limit?: number;
  /** First wait before trying the store again (ms, default 500); it doubles up to `maxRetryMs` (default 5 s). */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * Where the adapters hand vote events. Each is applied at once; when the store does not answer
 * (`StoreUnavailableError`: down, or busy past its bound) it is kept in a bounded queue, in arrival
 * order, and applied when the store answers again (tried on a timer that backs off). Events that
 * arrive while some are kept join the queue behind them rather than fail one by one.
 *
 * A late or repeated event is safe: each carries its own order, so replaying an event that in fact
 * reached the store (an answer lost to a timeout), or replaying it after a newer one for the same
 * reaction, changes nothing (reaction-step.ts). When the queue is full the oldest event is dropped:
 * a newer event for the same reaction, more likely in the queue, supersedes it anyway; each drop is
 * counted (`voteQueue('dropped')`) and the first of an outage logged, with the total when it ends.
 * Kept events live in this process only: a process stopped during an outage loses them (logged).
 */
export interface VoteIntake {
  /** Applies a reaction, or keeps it; resolves when it is applied, kept or refused. */
  react(r: VoteReaction): Promise<void>;
  /** Takes a message's votes away (see clearVotes), or keeps the event. */
  clear(c: VoteClear): Promise<void>;
  /** Events kept, waiting for the store (one being tried included). */
  pending(): number;
  /** Tries the kept events now (tests; the timer does it otherwise). */
  retry(): Promise<void>;
  /** Stops retrying; kept events are logged as lost. */
  stop(): void;
}

type VoteEvent = { reaction: VoteReaction } | { clear: VoteClear };

/** What the intake needs: what applying a vote needs, with the clock that also times the retries. */
export type VoteIntakeDeps = Omit<VoteDeps, 'now'> & {
  clock: Clock;
  /**
   * What an event does (default: `applyVote`, `clearVotes`): another kind of reaction kept the way
   * votes are (the reading club's 📖 claims, src/club/claims.ts) brings its own.
   */
  apply?: { react(r: VoteReaction): Promise<unknown>; clear(c: VoteClear): Promise<unknown> };
};

export function createVoteIntake(intakeDeps: VoteIntakeDeps, options: VoteIntakeOptions = {}): VoteIntake {
  const { clock } = intakeDeps;
  const deps: VoteDeps = { ...intakeDeps, now: clock.now };
  const limit = options.limit ?? VOTE_QUEUE_LIMIT;
  const firstWait = options.retryMs ?? 500;
  const maxWait = options.maxRetryMs ?? 5000;
  const { logger, metrics } = deps;
  const kept: VoteEvent[] = [];
  let trying = 0;
  let outage = { kept: 0, dropped: 0, since: 0 };
  let wait = firstWait;
  let timer: Timer | undefined;
  let draining: Promise<void> | undefined;
  let stopped = false;

  const apply = intakeDeps.apply ?? {
    react: (r: VoteReaction) => applyVote(r, deps),
    clear: (c: VoteClear) => clearVotes(c, deps),
  };
  const run = (e: VoteEvent) => ('reaction' in e ? apply.react(e.reaction) : apply.clear(e.clear));
  const describe = (e: VoteEvent) => ('reaction' in e ? { ...e.reaction } : { ...e.clear, clear: true });

  function keep(e: VoteEvent) {
    if (outage.kept === 0) {
      outage.since = deps.now();
      logger.warn('votes are kept until the store answers again', { limit });
    }
    outage.kept++;
    kept.push(e);
    metrics?.voteQueue('kept', kept.length);
    trim();
    schedule();
  }

  function trim() {
    while (kept.length > limit) {
      const lost = kept.shift()!;
      if (outage.dropped++ === 0)
        logger.warn('vote queue full: dropping the oldest votes kept', { limit, dropped: describe(lost) });
      metrics?.voteQueue('dropped', kept.length);
    }
  }

  function schedule() {
    if (timer || draining || stopped) return;
    timer = clock.setTimeout(() => {
      timer = undefined;
      void drain();
    }, wait);
    wait = Math.min(wait * 2, maxWait);
  }

  function drain(): Promise<void> {
    draining ??= (async () => {
      while (kept.length > 0 && !stopped) {
        const head = kept.shift()!;
        trying++;
        try {
          await run(head);
          metrics?.voteQueue('applied', kept.length);
        } catch (error) {
          if (error instanceof StoreUnavailableError) {
            kept.unshift(head); // first again: it stays the oldest
            trim();
            return;
          }
          logger.error('kept vote not applied', { error, event: describe(head) });
        } finally {
          trying--;
        }
      }
      if (kept.length === 0 && outage.kept > 0) {
        const { kept: count, dropped, since } = outage;
        logger.info('kept votes applied', { kept: count, dropped, forMs: deps.now() - since });
        outage = { kept: 0, dropped: 0, since: 0 };
        wait = firstWait;
      }
    })().finally(() => {
      draining = undefined;
      if (kept.length > 0) schedule();
    });
    return draining;
  }

  async function submit(e: VoteEvent) {
    if (stopped) return;
    // Some are waiting: the store is known not to answer, and this one goes behind them.
    if (kept.length > 0 || trying > 0) return keep(e);
    try {
      await run(e);
    } catch (error) {
      if (error instanceof StoreUnavailableError) return keep(e);
      logger.error('vote not applied', { error, event: describe(e) });
    }
  }

  return {
    react: (reaction) => submit({ reaction }),
    clear: (clear) => submit({ clear }),
    pending: () => kept.length + trying,
    retry() {
      timer?.cancel();
      timer = undefined;
      return drain();
    },
    stop() {
      stopped = true;
      timer?.cancel();
      if (kept.length > 0)
        logger.warn('stopping with votes not applied (the store did not answer)', { lost: kept.length });
    },
  };
}
