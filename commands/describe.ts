import { describeFilter, filterOf } from '../src/filter.js';
import type { Subscription } from '../src/subscription.js';
import { formatLocal, nextLocalTime } from '../src/zoned-time.js';
import { describeRecap } from './subscribe-recap.js';

/** One paragraph saying what a channel gets and when; `zoneNote` explains the zone ("your time zone"). */
export function describeSubscription(sub: Subscription, now: number, zoneNote?: string): string {
  const s = sub.settings;
  const filters = [
    describeFilter(filterOf(s.keywords)),
    s.minUpvotes ? `with at least ${s.minUpvotes} upvotes` : '',
  ].filter(Boolean);
  const which = sub.day === 'previous' ? "the previous day's Daily Papers (settled upvotes)" : "the current day's Daily Papers so far";
  const next = sub.paused ? 'paused' : `next ${formatLocal(nextLocalTime(sub.time, sub.timeZone, now), sub.timeZone)}`;
  return [
    `top ${s.count} of ${which}${filters.length ? `, ${filters.join(', ')}` : ''},`,
    `every day at ${sub.time} ${sub.timeZone} (${zoneNote ? `${zoneNote}; ` : ''}${next}).`,
    sub.emptyDayNote ? 'Days without papers get a one-line note.' : 'Days without papers stay silent.',
    describeRecap(sub, now),
  ].filter(Boolean).join(' ');
}
