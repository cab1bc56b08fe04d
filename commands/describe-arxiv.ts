import { categoriesLabel, includedWord } from '../src/arxiv-feed/wording.js';
import type { Subscription } from '../src/subscriptions/subscription.js';

/** What an arXiv feed posts, for `describeSubscription`: its count, categories, what it includes and its filters. */
export function arxivWhat(
  sub: Subscription & Required<Pick<Subscription, 'arxiv'>>,
  filters: readonly string[],
): string {
  const { categories, include } = sub.arxiv;
  const extra = filters.length ? `, ${filters.join(', ')}` : '';
  return `up to ${sub.settings.count} ${includedWord(include)} of each arXiv announcement in ${categoriesLabel(categories)}${extra} (replacements of papers posted here update their cards),`;
}

/** What an arXiv feed does on days without a new announcement. */
export const arxivQuietDays = (sub: Subscription): string =>
  `arXiv announces Sunday to Thursday at 20:00 New York time; a day without a new announcement ${sub.emptyDayNote ? 'gets a one-line note naming the next one' : 'stays silent'}.`;
