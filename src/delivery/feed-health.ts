import type { Clock } from '../ports/clock.js';
import { pauseEnded } from './post-slots.js';
import type { Logger } from '../ports/logger.js';
import type { ChannelRef } from '../model.js';
import type { Stores } from '../store/index.js';
import type { Subscription } from '../subscriptions/subscription.js';
import { code } from '../text/rich.js';

/** Consecutive platform failures after which a subscription pauses itself (3 ≈ an hour of retries). */
export const PAUSE_AFTER_FAILURES = 3;

/** A failure as health sees it: `counted` ones are the platform's; `permanent` ones pause at once. */
export interface FailureNote {
  message: string;
  counted: boolean;
  permanent: boolean;
}

/** Records each delivery's result on the channel's subscription, and pauses it when it keeps failing. */
export interface DeliveryHealth {
  /** `shows`: the days whose papers the post showed, kept on `lastPost` when they are not just `day`. */
  delivered(
    channel: ChannelRef,
    day: string,
    status: 'posted' | 'empty',
    feed?: string,
    shows?: readonly string[],
  ): Promise<void>;
  /** The day was delivered before (another instance, an earlier run): only moves `lastPostedDay`. */
  alreadyDelivered(channel: ChannelRef, day: string, feed?: string): Promise<void>;
  failed(channel: ChannelRef, day: string, failure: FailureNote, feed?: string): Promise<void>;
  /** Hugging Face answered `day` empty although it should have papers: the post waits (the first answer's time is kept). */
  waiting(channel: ChannelRef, day: string, feed?: string, empty?: readonly string[]): Promise<void>;
}

export interface DeliveryHealthDeps {
  stores: Stores;
  clock: Clock;
  logger: Logger;
  /** Posts the pause notice in the channel; the admin is told on their next command when it fails. */
  notify(channel: ChannelRef, text: string): Promise<unknown>;
  pauseAfterFailures?: number;
}

/** The feed without its wait for an empty day: the day is delivered. */
function withoutWait(sub: Subscription): Subscription {
  if (!sub.waiting) return sub;
  const { waiting: _over, ...rest } = sub;
  return rest;
}

/** A pause by hand whose end date has come is over: cleared when the feed delivers again. */
function withoutEndedPause(sub: Subscription, now: number): Subscription {
  if (!sub.paused?.until || !pauseEnded(sub, now)) return sub;
  const { paused: _ended, ...rest } = sub;
  return rest;
}

export function createDeliveryHealth(deps: DeliveryHealthDeps): DeliveryHealth {
  const { stores, clock, logger } = deps;
  const threshold = deps.pauseAfterFailures ?? PAUSE_AFTER_FAILURES;
  const nowIso = () => new Date(clock.now()).toISOString();
  const laterDay = (sub: Subscription, day: string) =>
    !sub.lastPostedDay || sub.lastPostedDay < day ? day : sub.lastPostedDay;

  /** Changes the subscription atomically; one removed while posting stays removed. */
  const update = (channel: ChannelRef, change: (sub: Subscription) => Subscription, feed?: string) =>
    stores.subscriptions.update(channel, (sub) => sub && change(sub), feed);

  async function tellChannel(channel: ChannelRef, sub: Subscription, failure: FailureNote): Promise<void> {
    const text = sub.owner
      ? `⏸️ Your daily papers here are paused after ${sub.failures} failed attempts in a row (last: ${failure.message}). ` +
        `Resume them with ${code('/papers resume')}.`
      : `⏸️ Daily papers are paused in this channel after ${sub.failures} failed attempts in a row (last: ${failure.message}). ` +
        `An admin can resume them with ${code('/papers subscribe')}.`;
    try {
      await deps.notify(channel, text);
      await update(channel, (s) => (s.paused ? { ...s, paused: { ...s.paused, told: true } } : s), sub.feed);
    } catch (error) {
      logger.warn('could not post the pause notice; an admin is told on their next command', { channel, error });
    }
  }

  return {
    async delivered(channel, day, status, feed, shows) {
      const other = shows && shows.length > 0 && (shows.length > 1 || shows[0] !== day) ? { shows: [...shows] } : {};
      await update(
        channel,
        (sub) => ({
          ...withoutWait(withoutEndedPause(sub, clock.now())),
          failures: 0,
          lastPostedDay: laterDay(sub, day),
          lastPost: { day, at: nowIso(), status, ...other },
        }),
        feed,
      );
    },
    async alreadyDelivered(channel, day, feed) {
      await update(
        channel,
        (sub) => (laterDay(sub, day) === sub.lastPostedDay ? sub : { ...withoutWait(sub), lastPostedDay: day }),
        feed,
      );
    },
    async waiting(channel, day, feed, empty) {
      const at = nowIso();
      const which = empty && (empty.length > 1 || empty[0] !== day) ? { empty: [...empty] } : {};
      await update(
        channel,
        (sub) =>
          // Another instance may have delivered the day meanwhile.
          sub.lastPostedDay !== undefined && sub.lastPostedDay >= day
            ? sub
            : {
                ...sub,
                waiting: { day, since: sub.waiting?.day === day ? sub.waiting.since : at, checked: at, ...which },
              },
        feed,
      );
    },
    async failed(channel, day, failure, feed) {
      const at = nowIso();
      let newlyPaused = false;
      const sub = await update(
        channel,
        (s) => {
          const failures = failure.counted ? s.failures + 1 : s.failures;
          const pause =
            (!s.paused || pauseEnded(s, clock.now())) &&
            failure.counted &&
            (failure.permanent || failures >= threshold);
          newlyPaused = pause;
          return {
            ...s,
            failures,
            lastPost: { day, at, status: 'failed', detail: failure.message },
            ...(pause
              ? {
                  paused: {
                    reason: failure.permanent
                      ? failure.message
                      : `${failures} failed attempts in a row (last: ${failure.message})`,
                    at,
                  },
                }
              : {}),
          };
        },
        feed,
      );
      // Lost access cannot be announced in the channel; the next admin command says it instead.
      if (sub && newlyPaused && !failure.permanent) await tellChannel(channel, sub, failure);
    },
  };
}
