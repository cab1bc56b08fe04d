import type { Layout } from './layout.js';
import type { ChannelRef, DigestSettings } from './model.js';

/** Which Daily Papers day a scheduled post shows. */
export type DayChoice =
  /** The previous day's list: settled upvotes, the right default for a morning post. */
  | 'previous'
  /** The current day's list as it stands (HF keeps filling it until about 21:30 New York time). */
  | 'current';

/** A feed: one of a channel's daily posts, with its own time, filters and state. */
export interface Subscription {
  channel: ChannelRef;
  /** The feed's name within the channel; absent for the channel's default feed. */
  feed?: string;
  /** Local time `HH:MM` (24 h) in `timeZone`. */
  time: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  settings: DigestSettings;
  day: DayChoice;
  /** Post a one-line note on days with no papers (weekends) instead of staying silent. */
  emptyDayNote: boolean;
  /** How the day is laid out (`src/layout.ts`); absent: `messages`. */
  layout?: Layout;
  createdAt: string;
  createdBy: string;
  /** Set when delivery stopped on its own (lost access, repeated failures). */
  paused?: { reason: string; at: string; /** An admin has been told. */ told?: boolean };
  /** Consecutive failed deliveries; reset by a success. */
  failures: number;
  /** The last day delivered, `YYYY-MM-DD`. */
  lastPostedDay?: string;
  lastPost?: { day: string; at: string; status: 'posted' | 'empty' | 'failed'; detail?: string };
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Accepts `9:00`, `09:00`, `21:30`; returns `HH:MM` or undefined. */
export function parseTimeOfDay(text: string): string | undefined {
  const padded = text.trim().replace(/^(\d):/, '0$1:');
  return TIME.test(padded) ? padded : undefined;
}
