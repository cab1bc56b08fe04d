/**
 * Which day's papers a scheduled post shows: the latest day with papers that this feed has not
 * posted yet. Delivery, `/papers preview` and the subscribe confirmation all ask this, so what a
 * preview promises is what the post brings.
 *
 * A post covers the days since the feed's last post (`post-slots.ts`): one for a daily feed, Friday
 * to Sunday for a weekdays feed's Monday, more after downtime. It shows the latest of them with
 * papers; two or more with papers (the bot was down) make one catch-up post of them. When none has
 * papers (a weekend, a holiday) it looks back up to a week for the latest day with papers: one this
 * feed has not posted (a new feed's Monday shows Friday; a list that came after its day's note) is
 * shown, else the post is the one-line note. It never goes back past a day the feed posted.
 *
 * "Posted" is the ledger's word, so it holds across restarts and instances: each post's intent,
 * fixed before its first message, records the days it covered and those it showed. A day at or
 * before the schedule's last covered day that no post records (a pause by hand, a store from before
 * these records) counts as posted: the feed was past it.
 */
import { addDays } from '../time/dates.js';
import { catchUpDigest, type CatchUpDigest } from './catch-up.js';
import { shouldHavePapers } from './empty-day.js';
import type { Digest, DigestSettings } from '../model.js';
import type { Feed } from '../papers/feed.js';
import type { DeliveryIntent, DeliveryLedger } from '../store/ledger.js';

/** How far back from the day a post names it looks for papers (days, the day itself included): a holiday week fits. */
export const LOOKBACK_DAYS = 7;

/** What an earlier post of the feed did: the days it covered, and those whose papers it showed. */
export interface PostRecord {
  covers: readonly string[];
  shows: readonly string[];
}

/** What the choice reads: Hugging Face's lists and the feed's earlier posts. */
export interface PostLookups {
  /** How many papers Hugging Face features on `day` (before any filter). */
  papersOn(day: string): Promise<number>;
  /** The feed's post named `day` (its ledger entry), if there is one. */
  postNamed(day: string): Promise<PostRecord | undefined>;
}

/**
 * The days a post covering `days` (oldest first, ending with the day it names) shows, oldest
 * first: one, several for a catch-up, or none for the note. `since` is the last day the schedule
 * covered before it (absent for a new feed).
 */
export async function choosePost(
  days: readonly string[],
  since: string | undefined,
  look: PostLookups,
  lookback = LOOKBACK_DAYS,
): Promise<string[]> {
  const named = days.at(-1)!;
  const covered = new Set(days);
  const recorded = new Set<string>();
  const shown = new Set<string>();
  const fresh: string[] = [];
  for (let back = 0; back < Math.max(lookback, days.length); back++) {
    const day = addDays(named, -back);
    // Past the covered days only while none of them had papers.
    if (!covered.has(day) && fresh.length > 0) break;
    // Posts name their own day or a later one: by now every post that could have shown `day` is read.
    if (back > 0) {
      const post = await look.postNamed(day);
      for (const d of post?.covers ?? []) recorded.add(d);
      for (const d of post?.shows ?? []) shown.add(d);
    }
    if ((await look.papersOn(day)) === 0) continue;
    const posted = shown.has(day) || (!recorded.has(day) && since !== undefined && day <= since);
    if (posted) break;
    fresh.unshift(day);
    if (!covered.has(day)) break;
  }
  return fresh;
}

/** What a ledger intent says its post covered and showed; intents from before these fields count their own day (or a catch-up's days) as shown. */
export function postRecord(intent: Pick<DeliveryIntent, 'day' | 'kind' | 'days' | 'covers' | 'shows'>): PostRecord {
  const own = intent.days ?? [intent.day];
  return { covers: intent.covers ?? own, shows: intent.shows ?? own };
}

/** The lookups of a feed's posts: Hugging Face's lists through the feed (cached), the posts from the ledger under `key`. */
export function feedLookups(feed: Pick<Feed, 'day'>, ledger: Pick<DeliveryLedger, 'get'>, key: string): PostLookups {
  return {
    papersOn: async (day) => (await feed.day(day)).length,
    postNamed: async (day) => {
      const intent = (await ledger.get(key, day))?.intent;
      return intent && postRecord(intent);
    },
  };
}

/** A post as chosen: the days it shows and its digest (the note's when it shows none). */
export interface PostContent {
  shows: string[];
  digest: Digest;
  /** Set when it shows several days: one catch-up post of them. */
  catchUp?: CatchUpDigest;
  /** The line a paper's card shows when the team's taste moved it up (a single day in the team's order). */
  why?: (paperId: string) => string | undefined;
}

/** A day in a team's order (team-order.ts), or undefined for HF upvote order. */
export type DayOrder = (
  day: string,
) => Promise<{ order: readonly string[]; why(paperId: string): string | undefined } | undefined>;

/**
 * What a post naming `post.day` and covering `post.days` (absent: exactly `day`, as `/papers
 * digest` posts it) shows, without the papers in `posted`: the one function delivery and the
 * previews both use.
 */
export async function postContent(
  feed: Pick<Feed, 'day' | 'digest' | 'forFilter'>,
  look: PostLookups,
  posted: ReadonlySet<string>,
  post: { day: string; days?: readonly string[]; since?: string },
  settings: DigestSettings,
  order?: DayOrder,
): Promise<PostContent> {
  const shows = post.days ? await choosePost(post.days, post.since, look) : [post.day];
  if (shows.length > 1) {
    const catchUp = await catchUpDigest(feed, shows, settings, posted);
    return { shows, digest: catchUp, catchUp };
  }
  // Nothing to show: the note names the latest weekday covered (a weekdays feed's Monday: Friday), else the day.
  const noted = [...(post.days ?? [])].reverse().find(shouldHavePapers) ?? post.day;
  // A catch-up and a day without papers keep HF order; a single day may be in the team's order.
  const ranked = shows[0] !== undefined && order ? await order(shows[0]) : undefined;
  const digest = await feed.digest(shows[0] ?? noted, settings, posted, ranked?.order);
  return { shows, digest, ...(ranked ? { why: ranked.why } : {}) };
}
