/**
 * A weekday Hugging Face answers with an empty list is "not yet", not "no papers": a scheduled
 * post waits for it, asking again on later ticks, and posts the one-line note only when the list
 * is still empty after `EMPTY_DAY_WAIT_MS`. HF has answered `[]` for a day it had 30 papers for;
 * taken at its word once, that day's papers never reached the channel.
 *
 * "Should have papers" is a weekday: HF features papers Monday to Friday, and a weekend day is
 * empty as a rule, so its note goes out at once. A weekday can be empty too (a holiday, a quiet
 * day): its note comes after the wait, late but still the same day.
 */
import { isWeekend } from '../time/dates.js';
import type { Feed } from '../papers/feed.js';
import type { Subscription } from '../subscriptions/subscription.js';

/**
 * How long a scheduled post waits for a weekday's list that HF answers empty (ms): 6 h. Long
 * enough to outlast a glitch or an outage of HF's lists (they answer again within minutes to an
 * hour or two), short enough that a real holiday's note still arrives the same afternoon for a
 * morning post, and far from the next day's post (24 h later), so the wait never turns the next
 * post into a catch-up.
 */
export const EMPTY_DAY_WAIT_MS = 6 * 3_600_000;

/**
 * How often the post asks again while it waits (ms): every 10 minutes, the feed's default refresh
 * interval, so each check finds the cached empty answer expired and asks HF afresh.
 */
export const EMPTY_DAY_RECHECK_MS = 10 * 60_000;

/** True for a day HF is expected to have papers on: a weekday. */
export const shouldHavePapers = (day: string): boolean => !isWeekend(day);

/** When a feed waiting for `day` may ask again (ms), or undefined when it is not waiting for it. */
export function recheckAt(sub: Pick<Subscription, 'waiting'>, day: string): number | undefined {
  return sub.waiting?.day === day ? Date.parse(sub.waiting.checked) + EMPTY_DAY_RECHECK_MS : undefined;
}

/** Until when a post of `day` at `now` waits for an empty weekday (ms): from the first empty answer, kept on the feed. */
export function waitUntil(sub: Pick<Subscription, 'waiting'>, day: string, now: number): number {
  const since = sub.waiting?.day === day ? Date.parse(sub.waiting.since) : now;
  return since + EMPTY_DAY_WAIT_MS;
}

/**
 * The days of a post still to wait for: weekdays HF answers empty, while `now` is before `until`.
 * Once the wait is over, each such day is fetched afresh before the note goes out, so the note
 * rests on HF's answer now, not on an empty one the feed kept for its refresh interval.
 */
export async function daysToWaitFor(
  feed: Pick<Feed, 'day' | 'refresh'>,
  days: readonly string[],
  until: number | undefined,
  now: number,
): Promise<string[]> {
  if (until === undefined) return [];
  const empty: string[] = [];
  for (const day of days) if (shouldHavePapers(day) && (await feed.day(day)).length === 0) empty.push(day);
  if (now < until) return empty;
  for (const day of empty) await feed.refresh(day);
  return [];
}
