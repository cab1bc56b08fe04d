import { POST_DAYS, type PostDays, type Subscription } from '../src/subscriptions/subscription.js';
import type { CommandInput, OptionDef } from './types.js';

/** `subscribe`'s `days` option: which local dates the feed posts on. */
export const DAYS_OPTION: OptionDef = {
  name: 'days',
  description: 'weekdays (Monday–Friday, the default for new feeds) or daily (weekends too)',
  type: 'string',
  choices: POST_DAYS,
};

/**
 * What a new feed posts on: a work team's week (Hugging Face's own email skips weekends too), so
 * Monday's post shows Friday's papers. Feeds stored without the option keep posting daily.
 */
export const NEW_FEED_DAYS: PostDays = 'weekdays';

/** Applies `days:` to a planned subscription. */
export function applyDays(sub: Subscription, input: CommandInput): void {
  if (input.days !== undefined) sub.days = input.days as PostDays;
}

/** `settings`' line on the days a feed posts. */
export function daysLine(sub: Pick<Subscription, 'days' | 'timeZone'>): string {
  return sub.days === 'weekdays'
    ? `Days: weekdays, Monday to Friday in ${sub.timeZone}; Monday's post shows what came since Friday's (\`days:daily\` posts at weekends too).`
    : 'Days: daily, weekends included (`days:weekdays` posts Monday to Friday only).';
}

/** The days a feed's last post showed, as `settings` names them: Monday's post of Friday's papers is Friday's. */
export function lastPostDays(last: NonNullable<Subscription['lastPost']>): string {
  const shows = last.shows ?? [];
  if (shows.length === 0) return last.day;
  return shows.length === 1 ? shows[0]! : `${shows[0]} to ${shows.at(-1)}`;
}
