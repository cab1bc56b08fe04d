import { filterOf, matchesFilter } from '../filter/filter.js';
import type { Digest, DigestSettings, Paper } from '../model.js';
import { rankByUpvotes } from './rank.js';

/**
 * Chooses a channel's papers for a day: highest upvotes first (or in `order`, the team's, by paper
 * id), filtered by its filter (`filter.ts`; category items need the papers' `categories`) and minimum
 * upvotes, without papers already posted there, at most `settings.count`.
 * An empty result says why, so a channel never gets silence it cannot explain.
 */
export function chooseDigest(
  date: string,
  dayPapers: readonly Paper[],
  settings: DigestSettings,
  alreadyPosted: ReadonlySet<string> = new Set(),
  order?: readonly string[],
): Digest {
  const total = dayPapers.length;
  if (total === 0) return { date, papers: [], totalThatDay: 0, emptyReason: 'no-papers' };
  const filter = filterOf(settings.keywords);
  const matching = inOrder(dayPapers, order).filter(
    (p) => p.upvotes >= settings.minUpvotes && matchesFilter(p, filter),
  );
  const matched = matching.length;
  if (matched === 0) return { date, papers: [], totalThatDay: total, matched, emptyReason: 'all-filtered' };
  const fresh = matching.filter((p) => !alreadyPosted.has(p.id));
  if (fresh.length === 0) return { date, papers: [], totalThatDay: total, matched, emptyReason: 'all-posted' };
  return { date, papers: fresh.slice(0, settings.count), totalThatDay: total, matched };
}

/** The papers in `order` (ids; papers it does not list after, by upvotes), or by upvotes. */
function inOrder(papers: readonly Paper[], order: readonly string[] | undefined): Paper[] {
  const byUpvotes = rankByUpvotes(papers);
  if (!order) return byUpvotes;
  const place = new Map(order.map((id, i) => [id, i]));
  const last = order.length;
  return byUpvotes
    .map((p, i) => ({ p, key: place.get(p.id) ?? last + i }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.p);
}

/** One line that explains an empty digest. */
export function emptyDigestText(d: Digest): string {
  switch (d.emptyReason) {
    case 'no-papers':
      return `No papers were featured on Hugging Face Daily Papers for ${d.date} (weekends and holidays are quiet).`;
    case 'all-filtered':
      return `None of the ${d.totalThatDay} papers on ${d.date} match this feed's filter or minimum upvotes.`;
    case 'all-posted':
      return `Every matching paper from ${d.date} has already been posted here.`;
    default:
      return '';
  }
}
