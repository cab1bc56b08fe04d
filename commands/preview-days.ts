import { addDays, currentDailyPapersDay, longDay } from '../src/time/dates.js';
import { feedKey, type Digest } from '../src/model.js';
import { chooseDigest } from '../src/papers/digest.js';
import type { Feed } from '../src/papers/feed.js';
import { dayRange, type CatchUpDigest } from '../src/delivery/catch-up.js';
import { daysCovered, dayShownOn, firstDayOwed, previousPostDate, upcomingPost } from '../src/delivery/post-slots.js';
import { feedLookups, postContent, type PostLookups, type PostRecord } from '../src/delivery/post-choice.js';
import type { Subscription } from '../src/subscriptions/subscription.js';
import type { CommandContext } from './types.js';
import { shownCount } from '../src/delivery/header.js';
import { strong } from '../src/text/rich.js';
import { verbatim } from '../src/text/verbatim.js';

/** Posts a preview shows: the next one and those before it. */
const PREVIEW_POSTS = 5;

/** One post of a preview: the feed's local date it goes out on, and what it shows. */
export interface PreviewPost {
  date: string;
  digest: Digest | CatchUpDigest;
}

/** The feed as it stands now: a day still to come has no papers yet (the next post may name one: Monday's names Sunday). */
function asItStands(feed: Feed, now: number): Pick<Feed, 'day' | 'digest' | 'forFilter'> {
  const today = currentDailyPapersDay(now);
  const day = (d: string) => (d > today ? Promise.resolve([]) : feed.day(d));
  return {
    day,
    forFilter: (papers, settings) => feed.forFilter(papers, settings),
    digest: async (d, settings, posted) =>
      chooseDigest(d, await feed.forFilter(await day(d), settings), settings, posted),
  };
}

/**
 * The feed's next post as delivery will make it: the same schedule (`upcomingPost`) and the same
 * choice over this feed's ledger (`postContent`), so what a preview promises is what comes.
 */
export async function nextPost(sub: Subscription, ctx: Pick<CommandContext, 'feed' | 'stores' | 'clock'>) {
  const post = upcomingPost(sub, ctx.clock.now());
  const key = feedKey(sub.channel, sub.feed);
  const posted = await ctx.stores.ledger.postedPapers(key);
  const feed = asItStands(ctx.feed, ctx.clock.now());
  const { digest } = await postContent(feed, feedLookups(feed, ctx.stores.ledger, key), posted, post, sub.settings);
  return { date: post.date, digest };
}

/**
 * The feed's next post and the `n - 1` before it, newest first. The earlier ones are as the
 * schedule would have made them with these settings, each after the one before it had gone out
 * as planned; the next one is `nextPost`.
 */
export async function previewPosts(
  sub: Subscription,
  ctx: Pick<CommandContext, 'feed' | 'stores' | 'clock'>,
  n = PREVIEW_POSTS,
): Promise<PreviewPost[]> {
  const next = upcomingPost(sub, ctx.clock.now());
  const dates: string[] = [];
  for (let date = next.date; dates.length < n - 1;) dates.unshift((date = previousPostDate(sub, date)));
  const earlier = dates.map((date) => {
    const day = dayShownOn(sub, date);
    const since = addDays(firstDayOwed(sub, date), -1);
    return { date, day, since, days: daysCovered(sub, date, day, since) };
  });
  const feed = asItStands(ctx.feed, ctx.clock.now());
  // Hugging Face's lists of the days covered, asked at once; the feed keeps them for the choice.
  await Promise.all([...new Set([...earlier, next].flatMap((p) => p.days))].map((d) => feed.day(d)));
  const records = new Map<string, PostRecord>();
  const look: PostLookups = {
    papersOn: async (day) => (await feed.day(day)).length,
    postNamed: async (day) => records.get(day),
  };
  const posted = new Set<string>();
  const posts: PreviewPost[] = [];
  for (const post of earlier) {
    const { shows, digest } = await postContent(feed, look, posted, post, sub.settings);
    records.set(post.day, { covers: post.days, shows: digest.totalThatDay > 0 ? shows : [] });
    for (const p of digest.papers) posted.add(p.id);
    posts.unshift({ date: post.date, digest });
  }
  posts.unshift(await nextPost(sub, ctx));
  return posts;
}

// Built once: toLocaleDateString with options builds a new formatter on every call.
const postDateFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/** "Mon 15 Jun", the local date a post goes out on. */
export const postDate = (date: string): string => postDateFormat.format(Date.parse(`${date}T12:00:00Z`));

/** One post of a preview: the day (or days) it shows, then the titles the feed would have posted. */
export function previewLines(d: Digest | CatchUpDigest): string[] {
  const when = 'days' in d ? dayRange(d.days) : longDay(d.date);
  if (d.totalThatDay === 0)
    return [`${strong(when)}: no papers were featured that day (a one-line note, or nothing with empty_days:silent).`];
  if (d.emptyReason === 'all-posted')
    return [
      `${strong(when)}: every matching paper was posted here already (a one-line note, or nothing with empty_days:silent).`,
    ];
  if (d.papers.length === 0)
    return [
      `${strong(when)}: none of its ${d.totalThatDay} papers match (a one-line note, or nothing with empty_days:silent).`,
    ];
  return [
    `${strong(when)} (${shownCount(d)}):`,
    ...d.papers.map((p, i) => `${i + 1}. ${verbatim(p.title)} (▲ ${p.upvotes})`),
  ];
}

/** The one-post preview under a subscribe confirmation: the next post; empty when it is not at hand quickly. */
export async function oneDayPreview(sub: Subscription, ctx: CommandContext, withinMs = 1000): Promise<string> {
  const stopWaiting = new AbortController();
  const late = ctx.clock.sleep(withinMs, stopWaiting.signal).then(
    () => undefined,
    () => undefined,
  );
  try {
    // A preview is a courtesy: Hugging Face being slow or down never holds up or fails the subscribe.
    const next = await Promise.race([
      Promise.resolve()
        .then(() => nextPost(sub, ctx))
        .catch(() => undefined),
      late,
    ]);
    if (!next) return '';
    return ['Its post for that day would have been:', ...previewLines(next.digest)].join('\n');
  } finally {
    stopWaiting.abort();
  }
}
