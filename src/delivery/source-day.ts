import { feedKey, type ChannelRef, type Digest, type DigestSettings } from '../model.js';
import type { DeliveryIntent } from '../store/ledger.js';
import type { Stores } from '../store/index.js';
import type { ArxivSource, Layout } from '../subscriptions/subscription.js';
import type { DaySource } from './day-source.js';
import { forumTags, voteLine } from './layout.js';

/** What a delivery knows of a day it asks a source for. */
export interface SourceDayRequest {
  channel: ChannelRef;
  feed?: string;
  day: string;
  settings: DigestSettings;
  by: string;
  emptyDayNote?: boolean;
}

/**
 * Asks `source` what an arXiv feed's day posts and makes it the day's intent (not yet written):
 * its papers, header and layout, fixed before the first message like a Hugging Face day's; or the
 * source's wait.
 */
export async function intentFromSource(
  source: DaySource,
  o: {
    req: SourceDayRequest;
    arxiv: ArxivSource;
    key: string;
    layout: Layout;
    voteEmoji: string;
    team: () => Promise<string>;
    now: number;
  },
): Promise<{ intent: DeliveryIntent; digest: Digest } | { waiting: string[]; notice?: string }> {
  const { req, layout } = o;
  const plan = await source.plan({
    channel: req.channel,
    ...(req.feed ? { feed: req.feed } : {}),
    day: req.day,
    key: o.key,
    settings: req.settings,
    arxiv: o.arxiv,
    layout,
    voteLine: (papers) => voteLine(layout, o.voteEmoji, papers),
    emptyDayNote: req.emptyDayNote !== false,
    now: o.now,
  });
  if ('waiting' in plan) return plan;
  const { digest, header, kind } = plan;
  const tags =
    layout === 'forum'
      ? Object.fromEntries(digest.papers.map((p) => [p.id, forumTags(p, req.settings, digest.date)]))
      : undefined;
  const intent: DeliveryIntent = {
    day: req.day,
    team: await o.team(),
    kind,
    paperIds: digest.papers.map((p) => p.id),
    header,
    createdAt: o.now,
    by: req.by,
    ...(layout !== 'messages' ? { layout } : {}),
    ...(tags ? { tags } : {}),
  };
  return { intent, digest };
}

/** The intent of a waiting day's one-line notice (ledger day `noticeDay(day)`). */
export const noticeIntent = (day: string, team: string, text: string, now: number): DeliveryIntent => ({
  day,
  team,
  kind: 'empty',
  paperIds: [],
  header: text,
  createdAt: now,
  by: 'schedule',
});

/**
 * Papers the channel's arXiv feeds posted, besides the feed `key` itself: a Hugging Face feed does
 * not post a paper again that an arXiv feed of its channel posted (its card gets HF's data instead).
 */
export async function postedByArxivFeeds(
  stores: Pick<Stores, 'subscriptions' | 'ledger'>,
  channel: ChannelRef,
  key: string,
): Promise<Set<string>> {
  const posted = new Set<string>();
  for (const sub of await stores.subscriptions.inChannel(channel)) {
    const other = feedKey(sub.channel, sub.feed);
    if (sub.arxiv && other !== key) for (const id of await stores.ledger.postedPapers(other)) posted.add(id);
  }
  return posted;
}
