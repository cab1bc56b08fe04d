import { filterOf, matchesFilter } from '../filter/filter.js';
import type { Digest, DigestSettings, Paper } from '../model.js';
import type { StoredAnnouncement, StoredEntry } from '../store/arxiv-listing-store.js';
import type { ArxivInclude } from '../subscriptions/subscription.js';

/** Which announce types `include:` takes. */
const TAKES: Record<ArxivInclude, ReadonlySet<string>> = {
  new: new Set(['new']),
  cross: new Set(['new', 'cross']),
  all: new Set(['new', 'cross', 'replace', 'replace-cross']),
};

/** The entries of announcements (oldest first) that `include` takes, each paper once (its first appearance). */
export function includedEntries(announcements: readonly StoredAnnouncement[], include: ArxivInclude): StoredEntry[] {
  const seen = new Set<string>();
  const entries: StoredEntry[] = [];
  for (const a of announcements)
    for (const e of a.entries) if (TAKES[include].has(e.type) && !seen.has(e.id) && seen.add(e.id)) entries.push(e);
  return entries;
}

/**
 * An arXiv feed's papers of an announcement (dated `date`): in the order given (arXiv's, or the
 * ranker's), those the filter matches and the channel has not had, at most `settings.count`. An
 * empty result says why, as a Hugging Face day's does.
 */
export function chooseArxiv(
  date: string,
  papers: readonly Paper[],
  settings: DigestSettings,
  posted: ReadonlySet<string> = new Set(),
): Digest & { matching: Paper[] } {
  const filter = filterOf(settings.keywords);
  const matching = papers.filter((p) => matchesFilter(p, filter));
  const fresh = matching.filter((p) => !posted.has(p.id));
  const why =
    papers.length === 0
      ? 'no-papers'
      : matching.length === 0
        ? 'all-filtered'
        : fresh.length === 0
          ? 'all-posted'
          : undefined;
  return {
    date,
    papers: fresh.slice(0, settings.count),
    totalThatDay: papers.length,
    matching,
    ...(why ? { emptyReason: why } : {}),
  };
}
