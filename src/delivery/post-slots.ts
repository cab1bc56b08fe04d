/**
 * When a subscription is due and which Daily Papers day(s) it posts. Pure: every function takes
 * the instant (ms since the epoch) and the subscription, and touches nothing else.
 *
 * The rule, which survives restarts, several instances and daylight-saving changes: a subscription
 * is due when its latest local post time has passed (and came after the subscription was made) on
 * a date it posts on (every date, or Monday to Friday for `days:weekdays`), and the Daily Papers
 * day that post names (from its local date: `post-day.ts`) is later than `lastPostedDay`. A tick
 * that runs late (downtime, a slow minute) still finds the day due; a day posted once is never due
 * again. The post covers the days since the feed's last post (Friday to Sunday for a weekdays
 * feed's Monday); which of them it shows is chosen when it is posted (`post-choice.ts`).
 */
import { addDays, dayInZone, isWeekend } from '../time/dates.js';
import { recheckAt, waitUntil } from './empty-day.js';
import { createMemo, noMemo, postDay, type Memo } from './post-day.js';
import type { Subscription } from '../subscriptions/subscription.js';
import { zonedInstant } from '../time/zoned-time.js';

const DAY_MS = 86_400_000;

/** Post times kept per feed time and zone in a memo (days; a tick needs the four around today). */
const SLOTS_KEPT = 16;

/** At most this many missed days go into one catch-up post; older ones are left out (a week). */
export const MAX_CATCH_UP_DAYS = 7;

/** Wait after a failed scheduled post before the next attempt (ms); doubles with each consecutive failure. */
export const RETRY_BASE_MS = 20 * 60_000;

/** The longest wait between attempts (ms). */
const RETRY_MAX_MS = 6 * 3_600_000;

export interface ScheduleOptions {
  maxCatchUpDays?: number;
  retryBaseMs?: number;
}

/** One scheduled post of a feed: the local date it belongs to, and its instant. */
export interface LocalSlot {
  /** The feed's local date, `YYYY-MM-DD`. */
  date: string;
  /** When the wall clock in the feed's zone shows its time that date (ms). */
  at: number;
}

/** What one subscription should post now. */
export interface DuePlan {
  sub: Subscription;
  /** The scheduled instant being served (ms): the latest local `time` at or before now. */
  slot: number;
  /** The feed's local date of that post. */
  date: string;
  /** The Daily Papers day the post is for, and the ledger key of the delivery. */
  day: string;
  /**
   * Days covered, oldest first, ending with `day`: those since the feed's last post. The post
   * shows the latest of them with papers, or a catch-up of several (`post-choice.ts`).
   */
  days: string[];
  /**
   * The last day the schedule covered before this post (`lastPostedDay`, or the day before
   * `resumeFrom`); absent for a new feed. Days up to it that no post recorded count as posted.
   */
  since?: string;
  /** Until when (ms) the post waits for a weekday Hugging Face answers empty (`empty-day.ts`). */
  waitForPapersUntil: number;
}

/**
 * The latest post at or before `now` of a feed at `time` (`HH:MM`) in `timeZone`: its local date
 * and instant. A time skipped by a spring-forward change posts when the gap is over, moved on by
 * the gap's length (02:30 on Berlin's spring day is 03:30 CEST); a repeated one (autumn) posts once,
 * at its first occurrence (see `zonedInstant`). Every local date gets its post.
 */
export function lastSlot(time: string, timeZone: string, now: number, memo: Memo = noMemo): LocalSlot {
  // The local date is the UTC date or the day either side (offsets are within ±14 h), so the
  // latest post at or before now is on one of the four dates from tomorrow back (UTC). Dates are
  // counted in days since the epoch here: this runs every minute for every feed time and zone.
  const utcDay = Math.floor(now / DAY_MS);
  const slots = memo(`slots ${time} ${timeZone}`, () => new Map<number, LocalSlot>());
  const slotOn = (n: number): LocalSlot => {
    let slot = slots.get(n);
    if (!slot) {
      const date = new Date(n * DAY_MS).toISOString().slice(0, 10);
      slot = { date, at: zonedInstant(date, time, timeZone) };
      if (slots.size >= SLOTS_KEPT) slots.clear();
      slots.set(n, slot);
    }
    return slot;
  };
  for (let n = utcDay + 1; n > utcDay - 3; n--) {
    const slot = slotOn(n);
    if (slot.at <= now) return slot;
  }
  return slotOn(utcDay - 3);
}

/** The instant of `lastSlot`. */
export const lastLocalTime = (time: string, timeZone: string, now: number): number => lastSlot(time, timeZone, now).at;

/**
 * Days not yet posted, oldest first, ending with `day`: those after `lastPosted`, at most `max`
 * (the most recent). Without `lastPosted` (a new subscription) only `day`: nothing older.
 */
export function missedDays(lastPosted: string | undefined, day: string, max = MAX_CATCH_UP_DAYS): string[] {
  if (lastPosted === undefined) return [day];
  const days: string[] = [];
  for (let d = day; d > lastPosted && days.length < max; d = addDays(d, -1)) days.unshift(d);
  return days;
}

/**
 * When the next attempt at `day` may run after a failure (ms), or undefined when the last attempt
 * did not fail. Platform failures (`failures` counts them) back off 20, 40, 80 min…; a failure
 * that is not the platform's (Hugging Face down) keeps `failures` at 0 and waits the base time.
 */
export function retryAt(sub: Subscription, day: string, baseMs = RETRY_BASE_MS): number | undefined {
  const last = sub.lastPost;
  if (last?.status !== 'failed' || last.day !== day) return undefined;
  const wait = Math.min(baseMs * 2 ** Math.max(0, sub.failures - 1), RETRY_MAX_MS);
  return Date.parse(last.at) + wait;
}

/** True when the feed posts on its local `date`: every date, or Monday to Friday with `days:weekdays`. */
export const postsOn = (sub: Pick<Subscription, 'days'>, date: string): boolean =>
  sub.days !== 'weekdays' || !isWeekend(date);

/** The local date of the feed's post before the one on `date`: the day before, or the weekday before. */
export function previousPostDate(sub: Pick<Subscription, 'days'>, date: string): string {
  let d = addDays(date, -1);
  while (!postsOn(sub, d)) d = addDays(d, -1);
  return d;
}

type Schedule = Pick<Subscription, 'time' | 'timeZone' | 'day' | 'days'>;

/**
 * The first Daily Papers day a post on local `date` owes when the feed posted as planned before
 * it: the day after the one its previous post named (a weekdays feed's Monday owes Friday).
 */
export function firstDayOwed(sub: Schedule, date: string, memo: Memo = noMemo): string {
  return addDays(dayShownOn(sub, previousPostDate(sub, date), memo), 1);
}

/**
 * The days a post on local `date` naming `day` covers, oldest first: those after `since` (the last
 * day covered), at most `max`; for a new feed (no `since`) those its previous post would not have.
 */
export function daysCovered(
  sub: Schedule,
  date: string,
  day: string,
  since: string | undefined,
  max = MAX_CATCH_UP_DAYS,
  memo: Memo = noMemo,
): string[] {
  const days = missedDays(since ?? addDays(firstDayOwed(sub, date, memo), -1), day, max);
  return days.length > 0 ? days : [day];
}

/** The feed's first post time after `now` on a date it posts on (within the next week). */
export function nextSlot(sub: Schedule, now: number): LocalSlot {
  const today = dayInZone(now, sub.timeZone);
  for (let i = 0; ; i++) {
    const date = addDays(today, i);
    const at = zonedInstant(date, sub.time, sub.timeZone);
    if ((at > now && postsOn(sub, date)) || i > 7) return { date, at };
  }
}

/** A post as it will go out: its local date and instant, the day it names and the days it covers. */
export interface UpcomingPost extends LocalSlot {
  day: string;
  days: string[];
  since?: string;
}

/**
 * The feed's next post as the schedule will make it: one due now and not yet delivered (waiting,
 * retrying), else the next post time's. Previews and the subscribe confirmation show it.
 */
export function upcomingPost(sub: Subscription, now: number): UpcomingPost {
  const since = lastOwedBefore(sub);
  const due = lastSlot(sub.time, sub.timeZone, now);
  const dueDay = dayShownOn(sub, due.date);
  const owed =
    postsOn(sub, due.date) && due.at >= Date.parse(sub.createdAt) && !(since !== undefined && since >= dueDay);
  const slot = owed ? due : nextSlot(sub, now);
  const day = owed ? dueDay : dayShownOn(sub, slot.date);
  // Nothing is posted before it, so it covers what the feed's last post did not.
  return { ...slot, day, days: daysCovered(sub, slot.date, day, since), ...(since !== undefined ? { since } : {}) };
}

/** What `sub` should post at `now`, or undefined when nothing is due. `memo` may be kept across ticks. */
export function planFor(
  sub: Subscription,
  now: number,
  options: ScheduleOptions = {},
  memo: Memo = noMemo,
): DuePlan | undefined {
  if (sub.paused && !pauseEnded(sub, now)) return undefined;
  const { date, at: slot } = lastSlot(sub.time, sub.timeZone, now, memo);
  if (!postsOn(sub, date)) return undefined;
  // A post time from before the subscription existed is not owed: a new subscription posts nothing old.
  if (slot < Date.parse(sub.createdAt)) return undefined;
  const day = memo(`day ${date} ${sub.time} ${sub.timeZone} ${sub.day}`, () =>
    postDay(date, sub.time, sub.timeZone, sub.day, memo),
  );
  const last = lastOwedBefore(sub);
  if (last !== undefined && last >= day) return undefined;
  // After a failure, and while waiting for an empty weekday's list, the next attempt waits its turn.
  const next = Math.max(retryAt(sub, day, options.retryBaseMs) ?? 0, recheckAt(sub, day) ?? 0);
  if (now < next) return undefined;
  const days = daysCovered(sub, date, day, last, options.maxCatchUpDays, memo);
  return {
    sub,
    slot,
    date,
    day,
    days,
    ...(last !== undefined ? { since: last } : {}),
    waitForPapersUntil: waitUntil(sub, day, now),
  };
}

/** A pause by hand with an end date is over from the start of that date, in the feed's zone. */
export function pauseEnded(sub: Subscription, now: number): boolean {
  const until = sub.paused?.until;
  return until !== undefined && now >= zonedInstant(until, '00:00', sub.timeZone);
}

/**
 * The day the schedule counts as the last one delivered: `lastPostedDay`, or the day before
 * `resumeFrom` when later, so days missed while paused by hand are not caught up afterwards.
 */
function lastOwedBefore(sub: Subscription): string | undefined {
  const floor = sub.resumeFrom ? addDays(sub.resumeFrom, -1) : undefined;
  if (floor === undefined) return sub.lastPostedDay;
  return sub.lastPostedDay !== undefined && sub.lastPostedDay > floor ? sub.lastPostedDay : floor;
}

/** The Daily Papers day a feed's post on its local `date` shows (`postDay`): the first day owed after a pause ending then. */
export function dayShownOn(sub: Pick<Subscription, 'time' | 'timeZone' | 'day'>, date: string, memo = noMemo): string {
  return postDay(date, sub.time, sub.timeZone, sub.day, memo);
}

/** Every subscription due at `now`, with what each should post. `memo` may be kept across ticks. */
export function dueAt(
  subs: readonly Subscription[],
  now: number,
  options: ScheduleOptions = {},
  memo: Memo = createMemo(),
): DuePlan[] {
  return subs.flatMap((sub) => planFor(sub, now, options, memo) ?? []);
}
