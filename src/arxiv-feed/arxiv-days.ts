import type { DayPlan, DayRequest, DaySource } from '../delivery/day-source.js';
import { feedKey, type ChannelRef, type DigestSettings, type Paper } from '../model.js';
import type { StoredAnnouncement } from '../store/arxiv-listing-store.js';
import type { Stores } from '../store/index.js';
import { ARXIV_HOLIDAYS, lateAt, latestAnnouncement, nextAnnouncement } from '../time/arxiv-calendar.js';
import type { Announcements } from './announcements.js';
import { chooseArxiv, includedEntries } from './choose.js';
import { arxivEmptyText, arxivHeader, lateListingNote, quietDayNote } from './wording.js';

/**
 * Orders an arXiv feed's matching papers before its count is taken: the hook for the team's taste
 * (`rank:`). Without one, papers keep arXiv's order (new submissions, then cross-lists, then
 * replacements, each as the listing has them): most arXiv papers have no HF upvotes to rank by.
 */
export type ArxivRanker = (
  papers: readonly Paper[],
  feed: { channel: ChannelRef; settings: DigestSettings },
) => Promise<Paper[]>;

export interface ArxivDaysDeps {
  announcements: Announcements;
  stores: Pick<Stores, 'arxiv' | 'ledger' | 'subscriptions'>;
  rank?: ArxivRanker;
  holidays?: ReadonlySet<string>;
  /** Announcements a missed stretch gathers into one post, the latest (default 7, as Hugging Face's catch-up). */
  maxCatchUp?: number;
}

/**
 * What an arXiv feed's day posts (src/delivery/day-source.ts). Each feed day (its local date)
 * carries the announcements it is the first to claim, in the feed's claims map: the latest
 * announcement by arXiv's calendar, and the earlier ones in the store it has not posted (after a
 * missed day; at most `maxCatchUp`). A day with no announcement left to claim gets a note naming
 * the next one. A listing still on an older announcement than the calendar expects is waited for;
 * once it is late the feed says so, once, and posts the papers when they appear. Papers already in
 * the channel (from any of its feeds, a cross-list in two followed categories, a replacement) are
 * never posted again.
 */
export function createArxivDays(deps: ArxivDaysDeps): DaySource {
  const { announcements, stores } = deps;
  const holidays = deps.holidays ?? ARXIV_HOLIDAYS;
  const maxCatchUp = deps.maxCatchUp ?? 7;

  /** Papers posted in the channel by any of its feeds. */
  async function postedInChannel(req: DayRequest): Promise<Set<string>> {
    const keys = new Set([req.key]);
    for (const sub of await stores.subscriptions.inChannel(req.channel)) keys.add(feedKey(sub.channel, sub.feed));
    const posted = new Set<string>();
    for (const key of keys) for (const id of await stores.ledger.postedPapers(key)) posted.add(id);
    return posted;
  }

  function quiet(req: DayRequest, latest: string, timeZone: string): DayPlan {
    const next = nextAnnouncement(req.now, holidays);
    const header = req.emptyDayNote ? quietDayNote(req.arxiv.categories, latest, next, timeZone) : '';
    return { digest: { date: req.day, papers: [], totalThatDay: 0, emptyReason: 'no-papers' }, header, kind: 'empty' };
  }

  async function compose(req: DayRequest, dates: readonly string[]): Promise<DayPlan> {
    const { categories, include } = req.arxiv;
    const found = await Promise.all(dates.map((d) => announcements.get(categories, d)));
    const held = found.filter((a): a is StoredAnnouncement => a !== undefined);
    const entries = includedEntries(held, include);
    const byId = await announcements.papers(entries);
    const papers = entries.flatMap((e) => byId.get(e.id) ?? []);
    const ranked = deps.rank ? await deps.rank(papers, { channel: req.channel, settings: req.settings }) : papers;
    const { matching: _matching, ...digest } = chooseArxiv(
      held.at(-1)?.date ?? dates.at(-1)!,
      ranked,
      req.settings,
      await postedInChannel(req),
    );
    if (digest.papers.length === 0) {
      const header = req.emptyDayNote ? `📰 ${arxivEmptyText(digest, categories, include)}` : '';
      return { digest, header, kind: 'empty' };
    }
    const header = arxivHeader(digest, categories, include, dates, req.voteLine(digest.papers.length));
    return { digest, header, kind: dates.length > 1 ? 'catch-up' : 'digest' };
  }

  return {
    async plan(req) {
      const { key, day, arxiv, now } = req;
      const sub = await stores.subscriptions.get(req.channel, req.feed);
      const timeZone = sub?.timeZone ?? 'UTC';
      const claims = await stores.arxiv.claims(key);
      // A day that claimed its announcements already (and stopped before fixing its post) keeps them.
      const mine = [...claims]
        .filter(([, d]) => d === day)
        .map(([date]) => date)
        .sort();
      if (mine.length > 0) return compose(req, mine);
      const others = [...claims]
        .filter(([, d]) => d !== day)
        .map(([date]) => date)
        .sort();
      const lastPosted = others.at(-1);
      const expected = latestAnnouncement(now, holidays);
      if (lastPosted !== undefined && lastPosted >= expected) return quiet(req, lastPosted, timeZone);
      const latest = await announcements.latest(arxiv.categories, expected);
      // The listing moved past it (a feed new on a weekend): nothing to post until the next one.
      if (latest.status === 'passed') return quiet(req, expected, timeZone);
      if (latest.status === 'stale') {
        const late = now >= lateAt(expected);
        return {
          waiting: [day],
          ...(late ? { notice: lateListingNote(arxiv.categories, expected, latest.shows) } : {}),
        };
      }
      const newest = latest.announcement.date;
      // A new feed starts with the latest announcement; after a pause by hand, so does a paused one
      // (the paused days are not caught up). Otherwise the stored ones since its last are owed too.
      const lastDay = lastPosted === undefined ? undefined : claims.get(lastPosted);
      const resumed = sub?.resumeFrom !== undefined && (lastDay === undefined || lastDay < sub.resumeFrom);
      const stored = lastPosted === undefined || resumed ? [] : await announcements.dates(arxiv.categories);
      const missed = stored.filter((d) => d > lastPosted! && d < newest).slice(-(maxCatchUp - 1));
      const won: string[] = [];
      for (const date of [...missed, newest]) if (await stores.arxiv.claim(key, date, day)) won.push(date);
      if (won.length === 0) return quiet(req, newest, timeZone);
      return compose(req, won);
    },
  };
}
