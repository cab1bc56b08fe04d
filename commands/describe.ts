import { describeFilter, filterOf } from '../src/filter/filter.js';
import type { Subscription } from '../src/subscriptions/subscription.js';
import { nextSlot } from '../src/delivery/post-slots.js';
import { formatLocal } from '../src/time/zoned-time.js';
import { describeRecap } from './subscribe-recap.js';
import { describeReminder } from './subscribe-reminder.js';
import { verbatim } from '../src/text/verbatim.js';

/** How a feed's day looks, said only for the layouts other than the default. */
const LAYOUT_TEXT: Record<string, string> = {
  messages: '',
  thread: "Papers are posted in the thread of the day's header.",
  compact: 'Papers are posted as one numbered list; vote with the number reactions.',
  forum: 'In a forum channel, each paper is its own post.',
};

/** One paragraph saying what a channel gets and when; `zoneNote` explains the zone ("your time zone"). */
export function describeSubscription(sub: Subscription, now: number, zoneNote?: string): string {
  const s = sub.settings;
  // The filter's words are the admin's, as typed.
  const filter = describeFilter(filterOf(s.keywords));
  const filters = [filter ? verbatim(filter) : '', s.minUpvotes ? `with at least ${s.minUpvotes} upvotes` : ''].filter(
    Boolean,
  );
  const which =
    sub.day === 'previous'
      ? "the previous day's Daily Papers (settled upvotes)"
      : "the current day's Daily Papers so far";
  const next = sub.paused ? 'paused' : `next ${formatLocal(nextSlot(sub, now).at, sub.timeZone)}`;
  return [
    `top ${s.count} of ${which}${filters.length ? `, ${filters.join(', ')}` : ''},`,
    `every ${sub.days === 'weekdays' ? 'weekday (Monday to Friday)' : 'day'} at ${sub.time} ${sub.timeZone} (${zoneNote ? `${zoneNote}; ` : ''}${next}).`,
    sub.emptyDayNote ? 'Days without papers get a one-line note.' : 'Days without papers stay silent.',
    LAYOUT_TEXT[sub.layout ?? 'messages'] ?? '',
    describeRecap(sub, now),
    describeReminder(sub),
  ]
    .filter(Boolean)
    .join(' ');
}
