import { chooseDigest, emptyDigestText } from '../papers/digest.js';
import type { Feed } from '../papers/feed.js';
import type { Digest, DigestSettings, Paper } from '../model.js';
import { headerStart } from './header.js';

/** The papers of a catch-up post: the best of several days, chosen like one day's digest. */
export interface CatchUpDigest extends Digest {
  /** Days covered, oldest first; `date` is the last of them. */
  days: string[];
}

/**
 * The best of several missed days in one list: every paper featured on any of `days` (once, even
 * when featured twice), ranked and filtered like a single day, without papers already posted.
 */
export async function catchUpDigest(
  feed: Pick<Feed, 'day' | 'forFilter'>,
  days: readonly string[],
  settings: DigestSettings,
  alreadyPosted: ReadonlySet<string>,
): Promise<CatchUpDigest> {
  // One day at a time: at most a week of requests, and the feed serves settled days from its cache.
  const byId = new Map<string, Paper>();
  for (const day of days) for (const p of await feed.day(day)) if (!byId.has(p.id)) byId.set(p.id, p);
  const last = days.at(-1)!;
  const papers = await feed.forFilter([...byId.values()], settings);
  return { ...chooseDigest(last, papers, settings, alreadyPosted), days: [...days] };
}

// Built once: toLocaleDateString with options builds a new formatter on every call.
const shortFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const short = (day: string) => shortFormat.format(Date.parse(`${day}T12:00:00Z`));

/** "Wed 10 Jun – Fri 12 Jun". */
export const dayRange = (days: readonly string[]): string => `${short(days[0]!)} – ${short(days.at(-1)!)}`;

/** The header of a catch-up post: one message for all the days a channel missed. */
export function catchUpHeader(
  d: CatchUpDigest,
  voteEmoji: string,
  vote = `React with ${voteEmoji} on a paper to vote for it.`,
  feed?: string,
): string {
  const n = d.days.length;
  const title = `${headerStart(feed)}You missed ${n} days of Hugging Face Daily Papers (${dayRange(d.days)})`;
  if (d.papers.length === 0) return `${title}\n${catchUpEmptyText(d)}`;
  const pool = d.matched ?? d.totalThatDay;
  return `${title}. Here are the best ${d.papers.length} of ${pool}${pool < d.totalThatDay ? ' matching' : ''}.\n${vote}`;
}

function catchUpEmptyText(d: CatchUpDigest): string {
  if (d.emptyReason === 'no-papers')
    return `No papers were featured on those ${d.days.length} days (weekends and holidays are quiet).`;
  if (d.emptyReason === 'all-filtered')
    return `None of the ${d.totalThatDay} papers from those days match this feed's filter or minimum upvotes.`;
  return emptyDigestText(d);
}
