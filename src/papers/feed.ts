import { createCategoryCache, createCategoryLookup, type CategoryCache } from './categories.js';
import type { Clock } from '../ports/clock.js';
import { FIRST_DAILY_PAPERS_DAY, addDays, currentDailyPapersDay, isValidDay } from '../time/dates.js';
import { chooseDigest } from './digest.js';
import { UpstreamError, UserError } from '../errors.js';
import { filterOf, needsCategories } from '../filter/filter.js';
import type { ArxivClient, HfClient } from './sources.js';
import type { Logger } from '../ports/logger.js';
import type { Digest, DigestSettings, Paper } from '../model.js';
import { mergeResults } from '../search/index.js';
import type { CachedDay, PaperStore } from '../store/paper-store.js';

/** The paper feed: days, digests, search and lookups, cached and indexed. Platform-neutral. */
export interface Feed {
  /** The Daily Papers day that is current now (New York rollover at 21:30 ET). */
  today(): string;
  /** A day's papers, highest upvoted first. */
  day(day: string): Promise<Paper[]>;
  /**
   * The latest day that has papers: today once its list has any, else the day before, walking back
   * over weekends and holidays up to `LATEST_DAY_WALK` days; today when none of them has papers.
   */
  latestDay(): Promise<string>;
  /** A channel's digest of the day; `order` (paper ids, a team's taste) replaces upvote order. */
  digest(
    day: string,
    settings: DigestSettings,
    alreadyPosted?: ReadonlySet<string>,
    order?: readonly string[],
  ): Promise<Digest>;
  /** The papers with their arXiv categories where the filter in `settings` needs them (cached; bounded wait). */
  forFilter(papers: readonly Paper[], settings: DigestSettings): Promise<Paper[]>;
  search(query: string, limit: number): Promise<SearchResult>;
  /** One paper by canonical id: seen before, else HF, else arXiv; throws arXiv's error when neither had it and arXiv failed. */
  paper(id: string): Promise<Paper | undefined>;
  /** As `paper`, saying which sources did not answer rather than throwing (`/papers paper` words it). */
  lookup(id: string): Promise<PaperLookup>;
  /**
   * Indexes the papers a store from an earlier version holds but its search index does not yet
   * (in the background at start, resumable); nothing to do once they all are. Stops early once
   * `signal` aborts; the number indexed.
   */
  warm(signal?: AbortSignal): Promise<number>;
  /** Fetches a day again even when its cached list is final (HF upvotes and links keep moving); live cards use it. */
  refresh(day: string): Promise<void>;
}

export interface SearchResult {
  papers: Paper[];
  /**
   * Set when HF search failed and the answer comes from the papers seen before: HF's reason, and
   * arXiv's part: it answered, was not needed (the local index had enough), or failed too (why).
   */
  degraded?: { hf: string; arxiv: 'answered' | 'not needed' | { failed: string } };
}

export interface PaperLookup {
  paper?: Paper;
  /** The sources that did not answer, in the order they were asked (Hugging Face, then arXiv). */
  unavailable: UpstreamError[];
}

/**
 * What feeds over the same papers share: the days parsed in process, requests in flight, and the
 * papers' categories (the search index is the store's). The bot runs two feeds on one set: its
 * own, and the one commands use, whose store calls have a command's bound (adapters/bot/bot.ts).
 */
export interface FeedCaches {
  /** Parsed days, so a digest from a warm cache does not re-read and re-parse the store (at most MEMO_DAYS days and MEMO_PAPERS papers). */
  readonly days: Map<string, CachedDay>;
  /** Day fetches in flight: concurrent callers for the same day share one upstream request. */
  readonly inflight: Map<string, Promise<Paper[]>>;
  readonly categories: CategoryCache;
}

/** Empty caches. */
export function createFeedCaches(): FeedCaches {
  return { days: new Map(), inflight: new Map(), categories: createCategoryCache() };
}

export interface FeedDeps {
  hf: HfClient;
  arxiv: ArxivClient;
  /** Where days and papers are stored; the feed's store calls all go here. */
  papers: PaperStore;
  clock: Clock;
  logger: Logger;
  /** Shared with another feed over the same papers (default its own). */
  caches?: FeedCaches;
  /** How long a day that is still filling stays cached, in ms. */
  refreshMs?: number;
  /** How long a digest with a `category:` filter waits for arXiv's categories, in ms. */
  categoryBudgetMs?: number;
  /** Told when a day that had a list was fetched again: its papers before and after (live cards compare them). */
  onRefresh?: (day: string, before: readonly Paper[], after: readonly Paper[]) => void;
}

/** Parsed days kept in process... */
const MEMO_DAYS = 32;
/** ...and papers in them: an arXiv announcement can hold 2,000 (about 3 KB each in memory). */
const MEMO_PAPERS = 5000;

/** How far back (in days, from the fetch) an empty answer is treated as a possible glitch. */
const RECENT_DAYS = 7;
/** How many days before today `latestDay` looks back: a long holiday weekend fits, a dead feed does not. */
const LATEST_DAY_WALK = 7;

export function createFeed(deps: FeedDeps): Feed {
  const { hf, arxiv, papers, clock, logger } = deps;
  const { days: memo, inflight, ...caches } = deps.caches ?? createFeedCaches();
  const categories = createCategoryLookup({
    arxiv,
    papers,
    clock,
    logger,
    budgetMs: deps.categoryBudgetMs,
    cache: caches.categories,
  });
  const refreshMs = deps.refreshMs ?? 10 * 60_000;

  const learn = (list: readonly Paper[]) => papers.remember(list);

  /**
   * A day fetched after it ended is final; one fetched while it was current is refreshed after
   * `refreshMs`. So is an empty answer for a day at most `RECENT_DAYS` before the fetch: HF has
   * answered `[]` for a day it had papers for, and caching that would hide the day for good.
   */
  const fresh = (c: CachedDay | undefined, day: string, now: number): boolean => {
    if (c === undefined) return false;
    if (now - c.fetchedAt < refreshMs) return true;
    const fetchedOn = currentDailyPapersDay(c.fetchedAt);
    if (fetchedOn <= day) return false;
    return c.papers.length > 0 || day < addDays(fetchedOn, -RECENT_DAYS);
  };

  const remember = (day: string, c: CachedDay) => {
    memo.delete(day);
    memo.set(day, c);
    let held = 0;
    for (const d of memo.values()) held += d.papers.length;
    // The oldest used first; the day just used stays even when it alone is over the bound.
    while (memo.size > 1 && (memo.size > MEMO_DAYS || held > MEMO_PAPERS)) {
      const oldest = memo.keys().next().value!;
      held -= memo.get(oldest)!.papers.length;
      memo.delete(oldest);
    }
  };

  async function refetch(day: string, previous: CachedDay | undefined): Promise<Paper[]> {
    const now = clock.now();
    const list = await hf.dailyPapers(day);
    // Papers known only from arXiv (an arXiv feed posted them) that HF now features: their cards get HF's data.
    const fromArxiv = deps.onRefresh
      ? (await papers.getPapers(list.map((p) => p.id))).filter((p): p is Paper => p?.source === 'arxiv')
      : [];
    await papers.putDay(day, { papers: list, fetchedAt: now });
    remember(day, { papers: list, fetchedAt: now });
    await learn(list);
    if ((previous || fromArxiv.length > 0) && deps.onRefresh) {
      try {
        deps.onRefresh(day, [...(previous?.papers ?? []), ...fromArxiv], list);
      } catch (error) {
        logger.warn('a refresh listener failed', { day, error });
      }
    }
    return list;
  }

  async function fetchDay(day: string): Promise<Paper[]> {
    const now = clock.now();
    const hot = memo.get(day);
    if (hot && fresh(hot, day, now)) return hot.papers;
    const cached = await papers.getDay(day);
    if (cached && fresh(cached, day, now)) {
      remember(day, cached);
      return cached.papers;
    }
    try {
      return await refetch(day, cached ?? hot);
    } catch (error) {
      if (cached) {
        logger.warn('serving a cached day because Hugging Face failed', { day, error });
        return cached.papers;
      }
      throw error;
    }
  }

  const feed: Feed = {
    today: () => currentDailyPapersDay(clock.now()),

    async day(day) {
      if (!isValidDay(day)) throw new UserError(`"${day}" is not a date; use YYYY-MM-DD, e.g. ${feed.today()}.`);
      if (day < FIRST_DAILY_PAPERS_DAY)
        throw new UserError(`Daily Papers starts on ${FIRST_DAILY_PAPERS_DAY}; pick a later date.`);
      if (day > feed.today())
        throw new UserError(`${day} is in the future; the latest Daily Papers day is ${feed.today()}.`);
      // Concurrent callers for the same day share one upstream request.
      let p = inflight.get(day);
      if (!p) {
        p = fetchDay(day).finally(() => inflight.delete(day));
        inflight.set(day, p);
      }
      return p;
    },

    async latestDay() {
      const today = feed.today();
      // One day at a time: usually today or yesterday answers, and settled days are cached.
      for (let back = 0; back <= LATEST_DAY_WALK; back++) {
        const day = addDays(today, -back);
        if (day < FIRST_DAILY_PAPERS_DAY) break;
        if ((await feed.day(day)).length > 0) return day;
      }
      return today;
    },

    async digest(day, settings, alreadyPosted, order) {
      return chooseDigest(day, await feed.forFilter(await feed.day(day), settings), settings, alreadyPosted, order);
    },

    async forFilter(list, settings) {
      return needsCategories(filterOf(settings.keywords)) ? categories.categorize(list) : [...list];
    },

    async search(query, limit) {
      const local = () => papers.search(query, limit);
      try {
        const remote = await hf.search(query, limit);
        await learn(remote);
        return { papers: mergeResults(remote, await local(), limit) };
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        logger.warn('Hugging Face search failed; answering from the local index', { error: error.message });
        const offline = await local();
        let fromArxiv: Paper[] = [];
        let arxivPart: NonNullable<SearchResult['degraded']>['arxiv'] = 'not needed';
        if (offline.length < limit) {
          try {
            fromArxiv = await arxiv.search(query, limit);
            arxivPart = 'answered';
          } catch (e) {
            logger.warn('arXiv search failed too', { error: e instanceof Error ? e.message : String(e) });
            arxivPart = { failed: e instanceof Error ? e.message : String(e) };
          }
          await learn(fromArxiv);
        }
        return {
          papers: mergeResults(offline, fromArxiv, limit),
          degraded: { hf: error.message, arxiv: arxivPart },
        };
      }
    },

    async paper(id) {
      const { paper, unavailable } = await feed.lookup(id);
      const arxivFailure = unavailable.find((e) => e.service === 'arXiv');
      if (!paper && arxivFailure) throw arxivFailure;
      return paper;
    },

    async lookup(id) {
      const known = await papers.getPaper(id);
      if (known) return { paper: known, unavailable: [] };
      const unavailable: UpstreamError[] = [];
      let found: Paper | undefined;
      try {
        found = await hf.paper(id);
      } catch (error) {
        logger.warn('Hugging Face paper lookup failed; trying arXiv', {
          id,
          error: error instanceof Error ? error.message : String(error),
        });
        unavailable.push(asUpstream('Hugging Face', error));
      }
      if (!found) {
        try {
          found = await arxiv.paper(id);
        } catch (error) {
          if (!(error instanceof UpstreamError)) throw error;
          unavailable.push(error);
        }
      }
      if (found) await learn([found]);
      return { paper: found, unavailable };
    },

    async refresh(day) {
      await refetch(day, memo.get(day) ?? (await papers.getDay(day)));
    },

    warm: (signal) => papers.indexStored(signal),
  };
  return feed;
}

/** A failed source as an `UpstreamError` (a client bug too: the lookup goes on to the next source). */
const asUpstream = (service: string, error: unknown): UpstreamError =>
  error instanceof UpstreamError
    ? error
    : new UpstreamError(service, error instanceof Error ? error.message : String(error), { cause: error });
