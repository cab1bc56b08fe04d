import { addDays, dayInZone, isWeekend, longDay } from '../src/time/dates.js';
import type { Digest } from '../src/model.js';
import { dayShownOn } from '../src/delivery/post-slots.js';
import { nextLocalTime } from '../src/time/zoned-time.js';
import type { Subscription } from '../src/subscriptions/subscription.js';
import type { CommandContext } from './types.js';
import { shownCount } from '../src/delivery/header.js';
import { strong } from '../src/text/rich.js';
import { verbatim } from '../src/text/verbatim.js';

/** Weekdays a preview shows (Hugging Face features papers on weekdays). */
const PREVIEW_DAYS = 5;

/** The last `n` weekdays a feed would show, newest first: from the day its next post shows (as it stands now) back. */
export function previewDays(sub: Subscription, now: number, n = PREVIEW_DAYS): string[] {
  const days: string[] = [];
  for (
    let day = dayShownOn(sub, dayInZone(nextLocalTime(sub.time, sub.timeZone, now), sub.timeZone));
    days.length < n;
    day = addDays(day, -1)
  ) {
    if (!isWeekend(day)) days.push(day);
  }
  return days;
}

/** One day of a preview: its date, then the titles the feed would have posted. */
export function previewLines(d: Digest): string[] {
  const when = longDay(d.date);
  if (d.totalThatDay === 0)
    return [`${strong(when)}: no papers were featured that day (a one-line note, or nothing with empty_days:silent).`];
  if (d.papers.length === 0)
    return [
      `${strong(when)}: none of its ${d.totalThatDay} papers match (a one-line note, or nothing with empty_days:silent).`,
    ];
  return [
    `${strong(when)} (${shownCount(d)}):`,
    ...d.papers.map((p, i) => `${i + 1}. ${verbatim(p.title)} (▲ ${p.upvotes})`),
  ];
}

/** The one-day preview under a subscribe confirmation; empty when the day is not at hand quickly. */
export async function oneDayPreview(sub: Subscription, ctx: CommandContext, withinMs = 1000): Promise<string> {
  const stopWaiting = new AbortController();
  const late = ctx.clock.sleep(withinMs, stopWaiting.signal).then(
    () => undefined,
    () => undefined,
  );
  try {
    const day = previewDays(sub, ctx.clock.now(), 1)[0]!;
    // A preview is a courtesy: Hugging Face being slow or down never holds up or fails the subscribe.
    const d = await Promise.race([
      Promise.resolve()
        .then(() => ctx.feed.digest(day, sub.settings))
        .catch(() => undefined),
      late,
    ]);
    if (!d) return '';
    return ['Its post for that day would have been:', ...previewLines(d)].join('\n');
  } finally {
    stopWaiting.abort();
  }
}
