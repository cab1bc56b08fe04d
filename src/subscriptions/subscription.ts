import type { ChannelRef, DigestSettings } from '../model.js';

/** How a feed's daily post looks in its channel (what each posts: src/delivery/layout.ts). */
export type Layout = 'messages' | 'thread' | 'compact' | 'forum';
export const LAYOUTS: readonly Layout[] = ['messages', 'thread', 'compact', 'forum'];

/** Which Daily Papers day a scheduled post shows. */
export type DayChoice =
  /** The previous day's list: settled upvotes, the right default for a morning post. */
  | 'previous'
  /** The current day's list as it stands (HF keeps filling it until about 21:30 New York time). */
  | 'current';

/** Which local dates a feed posts on. */
export type PostDays =
  /** Every day, weekends included (feeds made before the option). */
  | 'daily'
  /** Monday to Friday in the feed's zone; Monday's post shows what came since Friday's. */
  | 'weekdays';
export const POST_DAYS: readonly PostDays[] = ['daily', 'weekdays'];

/** Which papers of an arXiv announcement a feed takes: new submissions; and cross-lists (the default); and replacements. */
export type ArxivInclude = 'new' | 'cross' | 'all';

/** An arXiv feed's source: arXiv's own daily listing of its categories (src/arxiv-feed/). */
export interface ArxivSource {
  /** arXiv categories (`cs.RO`, `q-bio.NC`, `quant-ph`), as arXiv spells them, sorted: one listing per set. */
  categories: string[];
  include: ArxivInclude;
}

/** A feed: one of a channel's daily posts, with its own time, filters and state. */
export interface Subscription {
  channel: ChannelRef;
  /** The feed's name within the channel; absent for the channel's default feed. */
  feed?: string;
  /** Set for an arXiv feed (`source:arxiv`); absent: Hugging Face Daily Papers. */
  arxiv?: ArxivSource;
  /**
   * A person's own feed, in their direct message with the bot: that person's account
   * (`platform:userId`). Its papers are ranked for them and votes on them are theirs
   * (`src/personal/`). Absent for a channel's feed.
   */
  owner?: string;
  /** Local time `HH:MM` (24 h) in `timeZone`. */
  time: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  settings: DigestSettings;
  day: DayChoice;
  /** Which local dates it posts on; absent: `daily` (a feed stored before the option existed). */
  days?: PostDays;
  /** Post a one-line note on days with no papers (weekends) instead of staying silent. */
  emptyDayNote: boolean;
  /** How the day is laid out (`src/delivery/layout.ts`); absent: `messages`. */
  layout?: Layout;
  /** How the day's papers are ordered (`src/taste/rank.ts`); absent: `auto`. */
  rank?: 'auto' | 'team' | 'hf';
  createdAt: string;
  createdBy: string;
  /** Set when delivery stopped on its own (lost access, repeated failures) or an admin paused it. */
  paused?: {
    reason: string;
    at: string;
    /** An admin has been told. */
    told?: boolean;
    /** Paused with `/papers pause`. */
    byHand?: boolean;
    /** A pause by hand ends at the start of this local date (`YYYY-MM-DD`). */
    until?: string;
  };
  /** The first Daily Papers day owed after a pause by hand: days missed while paused are not caught up. */
  resumeFrom?: string;
  /** Consecutive failed deliveries; reset by a success. */
  failures: number;
  /**
   * The last day delivered, `YYYY-MM-DD`: the day named by the local date of the feed's last post
   * (its ledger key), which may show an earlier day's papers (`src/delivery/post-choice.ts`).
   */
  lastPostedDay?: string;
  lastPost?: {
    day: string;
    at: string;
    status: 'posted' | 'empty' | 'failed';
    detail?: string;
    /** The days whose papers it showed, when not just `day` (Monday's post of Friday's papers). */
    shows?: string[];
  };
  /**
   * A scheduled day Hugging Face answered empty although it should have papers (a weekday): the
   * post waits for it (`src/delivery/empty-day.ts`). Since when (the first empty answer) and when
   * it last asked, ISO-8601. Cleared when the day is delivered.
   */
  waiting?: {
    day: string;
    since: string;
    checked: string;
    /** The weekdays answered empty, when not just `day` (a weekdays feed's Monday waits for Friday). */
    empty?: string[];
  };
  /** A weekly recap of the team's most-voted papers; absent: none. */
  recap?: WeeklyRecap;
  /** Days after a 📖 claim before its reader is reminded to add a takeaway (reading club); absent: 7. */
  reminder?: number | 'off';
  /** The last ISO week (`2026-W24`) whose recap was delivered. */
  lastRecapWeek?: string;
  /** The last recap attempt, for `/papers settings` and the wait before a retry. */
  lastRecap?: { week: string; at: string; status: 'posted' | 'failed'; detail?: string };
}

/** When a feed posts its weekly recap: `weekday` at `time` (`HH:MM`) in the feed's `timeZone`. */
export interface WeeklyRecap {
  weekday: 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';
  time: string;
  /** When this recap time was set (ISO-8601): slots before it are not owed. */
  since: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Feed names: short, plain, case-insensitive. `default` is the channel's main feed. */
const FEED_NAME = /^[a-z0-9][a-z0-9_-]{0,23}$/;

/** The feed name typed by a user, normalised; undefined for the default feed; null when invalid. */
export function parseFeedName(text: string | undefined): string | undefined | null {
  if (text === undefined) return undefined;
  const name = text.trim().toLowerCase();
  if (name === '' || name === 'default') return undefined;
  return FEED_NAME.test(name) ? name : null;
}

/** How a feed is named to users. */
export const feedLabel = (sub: Pick<Subscription, 'feed'>): string =>
  sub.feed ? `feed "${sub.feed}"` : 'the main feed';

/** Accepts `9:00`, `09:00`, `21:30`; returns `HH:MM` or undefined. */
export function parseTimeOfDay(text: string): string | undefined {
  const padded = text.trim().replace(/^(\d):/, '0$1:');
  return TIME.test(padded) ? padded : undefined;
}
