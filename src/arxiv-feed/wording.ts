import type { Digest } from '../model.js';
import type { ArxivInclude } from '../subscriptions/subscription.js';
import { ARXIV_HOLIDAYS, ARXIV_ZONE, announcedAt } from '../time/arxiv-calendar.js';
import { addDays, longDay } from '../time/dates.js';
import { formatLocal } from '../time/zoned-time.js';

/** What an arXiv feed's posts say: headers, empty days, quiet days and a late listing. */

/** `cs.RO, cs.LG`. */
export const categoriesLabel = (categories: readonly string[]): string => categories.join(', ');

/** What the papers counted are, per `include:`; `count` 1 for one paper ("1 new paper"). */
export function includedWord(include: ArxivInclude, count = 2): string {
  const papers = count === 1 ? 'paper' : 'papers';
  if (include === 'new') return `new ${papers}`;
  if (include === 'cross') return count === 1 ? 'new paper or cross-list' : 'new papers and cross-lists';
  return `${papers} (new, cross-lists and replacements)`;
}

// Built once: toLocaleDateString with options builds a new formatter on every call.
const shortFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const short = (day: string) => shortFormat.format(Date.parse(`${day}T12:00:00Z`));

/** The header of a day that posts papers: one announcement, or several a feed missed (oldest first). */
export function arxivHeader(
  d: Digest,
  categories: readonly string[],
  include: ArxivInclude,
  dates: readonly string[],
  voteLine: string,
): string {
  const of = d.papers.length < d.totalThatDay ? ` of ${d.totalThatDay}` : '';
  const counted = of ? d.totalThatDay : d.papers.length;
  if (dates.length > 1)
    return `📰 You missed ${dates.length} arXiv announcements of ${categoriesLabel(categories)} (${short(dates[0]!)} – ${short(dates.at(-1)!)}). Here are ${d.papers.length}${of} ${includedWord(include, counted)}.\n${voteLine}`;
  return `📰 arXiv ${categoriesLabel(categories)} · ${longDay(d.date)} · ${d.papers.length}${of} ${includedWord(include, counted)}\n${voteLine}`;
}

/** The note of an announcement with nothing to post here, saying why. */
export function arxivEmptyText(d: Digest, categories: readonly string[], include: ArxivInclude): string {
  const cats = categoriesLabel(categories);
  const when = longDay(d.date);
  switch (d.emptyReason) {
    case 'all-filtered':
      return d.totalThatDay === 1
        ? `The one ${includedWord(include, 1)} in arXiv's ${cats} announcement of ${when} does not match this feed's filter.`
        : `None of the ${d.totalThatDay} ${includedWord(include)} in arXiv's ${cats} announcement of ${when} match this feed's filter.`;
    case 'all-posted':
      return `Every matching paper of arXiv's ${cats} announcement of ${when} has been posted here already.`;
    default:
      return `arXiv's announcement of ${when} has no ${includedWord(include)} in ${cats}.`;
  }
}

/** The holidays from the day after `after` to the day before `before` that fell on announcement days. */
function holidaysBetween(after: string, before: string): string[] {
  const out: string[] = [];
  for (let d = addDays(after, 1); d < before; d = addDays(d, 1)) if (ARXIV_HOLIDAYS.has(d)) out.push(d);
  return out;
}

/**
 * The one line of a day without a new announcement: arXiv's schedule, a holiday in between, and
 * when the next one is expected, in New York time and the feed's own.
 */
export function quietDayNote(categories: readonly string[], latest: string, next: string, timeZone: string): string {
  const at = announcedAt(next);
  const when = `${short(addDays(next, -1))} at 20:00 New York time`;
  const holidays = holidaysBetween(latest, next).map((h) => `skips its mailing of ${longDay(h)} (a holiday)`);
  const here = timeZone === ARXIV_ZONE ? '' : ` (${formatLocal(at, timeZone)} here)`;
  return `📭 No new arXiv announcement for ${categoriesLabel(categories)} today: arXiv announces Sunday to Thursday at 20:00 New York time${holidays.length ? ` and ${holidays.join(', ')}` : ''}. The next is expected ${when}${here}.`;
}

/** The one line posted once while a listing is late. */
export function lateListingNote(categories: readonly string[], expected: string, shows: string | undefined): string {
  const still = shows ? `still shows the announcement of ${longDay(shows)}` : 'shows no announcement yet';
  return `⏳ arXiv's listing is late: ${categoriesLabel(categories)} ${still}, and the one of ${longDay(expected)} is due. Its papers follow here as soon as it appears.`;
}
