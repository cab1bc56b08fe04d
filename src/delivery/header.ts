/**
 * The header of a day's post: which feed (when the channel has several), the day, and how many of
 * the papers the feed's filter matched it shows; then how to vote.
 */
import type { Digest } from '../model.js';
import { emptyDigestText } from '../papers/digest.js';
import type { Layout } from '../subscriptions/subscription.js';
import { strong } from '../text/rich.js';
import { verbatim } from '../text/verbatim.js';
import { longDay } from '../time/dates.js';
import { voteLine } from './layout.js';

/** How `feeds` names a channel's feed without a name, and a header names it beside others. */
export const MAIN_FEED_NAME = 'main';

/** The feed a header names: only in a channel with several feeds, where the unnamed one is "main". */
export const shownFeedName = (feed: string | undefined, feedsInChannel: number): string | undefined =>
  feedsInChannel > 1 ? (feed ?? MAIN_FEED_NAME) : undefined;

/** A header's start: the paper emoji, and the feed's name when it has one to show. */
export const headerStart = (feed?: string): string => (feed ? `📰 ${strong(verbatim(feed))} · ` : '📰 ');

/**
 * How many papers the post shows, of those the filter (and minimum upvotes) matched: "top 5 of 30"
 * without one (or when it matched every paper), "top 3 of 8 matching" with one, "all 2 matching"
 * when the post shows every paper it matched.
 */
export function shownCount(d: Digest): string {
  const n = d.papers.length;
  const pool = d.matched ?? d.totalThatDay;
  if (pool === d.totalThatDay) return n < pool ? `top ${n} of ${pool}` : `top ${n}`;
  if (n < pool) return `top ${n} of ${pool} matching`;
  return n === 1 ? '1 matching' : `all ${n} matching`;
}

/** A day's header; a day without papers to post gets its one-line note instead of the vote line. */
export function headerText(d: Digest, voteEmoji: string, layout: Layout = 'messages', feed?: string): string {
  const head = `${headerStart(feed)}Hugging Face Daily Papers · ${longDay(d.date)}`;
  if (d.papers.length === 0) return `${head}\n${emptyDigestText(d)}`;
  return `${head} · ${shownCount(d)}\n${voteLine(layout, voteEmoji, d.papers.length)}`;
}
