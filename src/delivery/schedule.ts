/**
 * When a subscription is due and which Daily Papers day(s) it posts. Pure: every function takes
 * the instant (ms since the epoch) and the subscription, and touches nothing else.
 *
 * The rule, which survives restarts, several instances and daylight-saving changes: a subscription
 * is due when its latest local post time has passed (and came after the subscription was made)
 * and the Daily Papers day that post shows is later than `lastPostedDay`. A tick that runs late
 * (downtime, a slow minute) still finds the day due; a day posted once is never due again.
 */
import { addDays, currentDailyPapersDay, dayInZone } from '../dates.js';
import type { DayChoice, Subscription } from '../subscription.js';
import { zonedInstant } from '../zoned-time.js';

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

/** What one subscription should post now. */
export interface DuePlan {
  sub: Subscription;
  /** The scheduled instant being served (ms): the latest local `time` at or before now. */
  slot: number;
  /** The Daily Papers day the post is for, and the ledger key of the delivery. */
  day: string;
  /** Days covered, oldest first, ending with `day`; more than one makes a catch-up post. */
  days: string[];
}

/**
 * The latest instant at or before `now` when the wall clock in `timeZone` shows `time` (`HH:MM`).
 * A time skipped by a spring-forward change counts as the instant after the gap; a repeated one
 * (autumn) counts once, at its first occurrence (see `zonedInstant`).
 */
export function lastLocalTime(time: string, timeZone: string, now: number): number {
  const today = dayInZone(now, timeZone);
  for (let back = 0; back < 3; back++) {
    const t = zonedInstant(addDays(today, -back), time, timeZone);
    if (t <= now) return t;
  }
  return zonedInstant(addDays(today, -3), time, timeZone);
}

/**
 * The Daily Papers day a post at `slot` shows. HF fills a day's list until about 21:30 New York
 * time, so the day before the current one is the latest list that stopped filling: `previous`
 * shows it, with settled upvotes (the default, right for a morning post in Europe or the
 * Americas). `current` shows the list that is still filling, as it stands.
 */
export function dayForSlot(slot: number, choice: DayChoice): string {
  const current = currentDailyPapersDay(slot);
  return choice === 'current' ? current : addDays(current, -1);
}

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

/** Remembers a computed value by key: time-zone math is slow (~0.1 ms per Intl formatter) and subscriptions share times. */
type Memo = <T extends number | string>(key: string, compute: () => T) => T;

const noMemo: Memo = (_key, compute) => compute();

/** What `sub` should post at `now`, or undefined when nothing is due. */
export function planFor(
  sub: Subscription,
  now: number,
  options: ScheduleOptions = {},
  memo: Memo = noMemo,
): DuePlan | undefined {
  if (sub.paused && !pauseEnded(sub, now)) return undefined;
  const slot = memo(`${sub.time} ${sub.timeZone}`, () => lastLocalTime(sub.time, sub.timeZone, now));
  // A post time from before the subscription existed is not owed: a new subscription posts nothing old.
  if (slot < Date.parse(sub.createdAt)) return undefined;
  const day = memo(`${slot} ${sub.day}`, () => dayForSlot(slot, sub.day));
  const last = lastOwedBefore(sub);
  if (last !== undefined && last >= day) return undefined;
  const retry = retryAt(sub, day, options.retryBaseMs);
  if (retry !== undefined && now < retry) return undefined;
  return { sub, slot, day, days: missedDays(last, day, options.maxCatchUpDays) };
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

/** The Daily Papers day a feed's post at `time` on local `date` shows: the first day owed after a pause ending then. */
export function dayShownOn(sub: Pick<Subscription, 'time' | 'timeZone' | 'day'>, date: string): string {
  return dayForSlot(zonedInstant(date, sub.time, sub.timeZone), sub.day);
}

/** Every subscription due at `now`, with what each should post. */
export function dueAt(subs: readonly Subscription[], now: number, options: ScheduleOptions = {}): DuePlan[] {
  const seen = new Map<string, number | string>();
  const memo: Memo = (key, compute) => {
    if (!seen.has(key)) seen.set(key, compute());
    return seen.get(key) as ReturnType<typeof compute>;
  };
  return subs.flatMap((sub) => planFor(sub, now, options, memo) ?? []);
}
