import type { ChannelRef, Digest, DigestSettings } from '../model.js';
import type { ArxivSource, Layout } from '../subscriptions/subscription.js';

/**
 * Where a delivery gets a feed's day when it is not Hugging Face's (an arXiv feed:
 * src/arxiv-feed/). The delivery keeps the ledger, the lease and the posting; the source says
 * what the day posts, once, or that it waits.
 */
export interface DaySource {
  plan(request: DayRequest): Promise<DayPlan>;
}

/** One feed's day, as the delivery asks a source for it. */
export interface DayRequest {
  channel: ChannelRef;
  feed?: string;
  /** The feed's day (its local date), the ledger's key. */
  day: string;
  /** The feed's ledger key (`platform:channel[#feed]`). */
  key: string;
  settings: DigestSettings;
  arxiv: ArxivSource;
  layout: Layout;
  /** How to vote in this layout on a post of `papers` papers, for the header. */
  voteLine: (papers: number) => string;
  /** Post a one-line note when there is nothing to post (false: the day stays silent). */
  emptyDayNote: boolean;
  now: number;
}

/**
 * What a day posts: its papers in order and header (empty: nothing is posted); or that it waits
 * (`waiting`, the days), with a one-line `notice` to post once meanwhile.
 */
export type DayPlan =
  { digest: Digest; header: string; kind: 'digest' | 'catch-up' | 'empty' } | { waiting: string[]; notice?: string };

/** The ledger day of a waiting day's notice: posted at most once, beside the day itself. */
export const noticeDay = (day: string): string => `${day}#notice`;
