import type { Announcements } from '../src/arxiv-feed/announcements.js';
import type { Clock } from '../src/ports/clock.js';
import type { Delivery } from '../src/delivery/delivery.js';
import type { Feed } from '../src/papers/feed.js';
import type { Logger } from '../src/ports/logger.js';
import type { Metrics } from '../src/ports/metrics.js';
import type { ClubPoster } from '../src/club/club-poster.js';
import type { ChannelRef, Platform, Reply } from '../src/model.js';
import type { Stores } from '../src/store/index.js';
import type { Layout } from '../src/subscriptions/subscription.js';

/** One option of a subcommand; Discord's command JSON and Slack's text parser are derived from these. */
export interface OptionDef {
  name: string;
  description: string;
  type: 'string' | 'integer';
  required?: boolean;
  /** String length bounds. */
  minLength?: number;
  maxLength?: number;
  /** Integer bounds. */
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** The free-text argument on Slack (`/papers search diffusion transformers`). At most one per command. */
  main?: boolean;
  /**
   * On Slack, the first word of the free text when not given as `key:value`, the rest being the main
   * option (`/papers takeaway 2406.14833 the speedup comes from …`).
   */
  leading?: boolean;
  /** Other names accepted as `key:value` on Slack (`tz:` for `timezone`). */
  aliases?: readonly string[];
  /** Offers suggestions as the user types (Discord autocomplete). */
  autocomplete?: boolean;
}

export interface CommandDef {
  name: string;
  description: string;
  options: readonly OptionDef[];
  /** Needs a channel admin: Manage Channels on Discord, a workspace admin on Slack. */
  adminOnly: boolean;
  /**
   * About this channel's daily posts (its feeds, their settings), so refused in a direct message,
   * which has none; admin commands are refused there too.
   */
  channelOnly?: boolean;
  /**
   * Also works in a person's own direct message with the bot, on that person's own feed there
   * (`CommandContext.personalFeed`): they run it as the feed's admin.
   */
  inDirectMessages?: boolean;
  /** About a team's votes (a leaderboard), so refused where the conversation belongs to no team (`teamless`). */
  teamOnly?: boolean;
  /** May take over a second (upstream calls): adapters acknowledge or defer first. */
  slow: boolean;
  /** Answer only the caller; false for commands whose result is posted in the channel. */
  private: boolean;
  /** What `help` shows for the options instead of listing each (a command sharing another's options). */
  helpOptions?: string;
  /** `help` lists the commands of one group on one line, after this label ("📖 Reading club"). */
  helpGroup?: string;
}

/** Parsed, bounds-checked option values by name. */
export type CommandInput = Readonly<Record<string, string | number | undefined>>;

/** Everything a handler may use; adapters build one per invocation. */
export interface CommandContext {
  feed: Feed;
  stores: Stores;
  clock: Clock;
  logger: Logger;
  /** Counts each command by name and outcome (none counted when absent). */
  metrics?: Metrics;
  delivery: Delivery;
  channel: ChannelRef;
  userId: string;
  isAdmin: boolean;
  /** How this platform names the admin requirement, for refusals ("the Manage Channels permission"). */
  adminRequirement: string;
  voteEmoji: string;
  /**
   * How many paper cards one reply carries (a search page, the cards under a leaderboard): as many
   * as this platform's message limits show in full, which its adapter knows.
   */
  cardsPerReply: number;
  /** Renders a channel link in this platform's syntax. */
  channelMention(channelId: string): string;
  /** Renders a message link, when the platform has one. */
  messageLink(ref: { channelId: string; messageId: string }): string | undefined;
  /**
   * People's names for `platform:userId` ids, as plain text that is safe in this platform's reply
   * text and never pings (Discord: the member's or user's name; Slack: the profile's display or
   * real name). Ids it cannot name are left out.
   */
  displayNames?(voters: readonly string[]): Promise<Map<string, string>>;
  /** The caller's own IANA time zone, when the platform tells (Slack profiles do; Discord does not). */
  userTimeZone?: string;
  /** The command came from a direct message, not a channel: commands that post in the channel are refused. */
  directMessage?: boolean;
  /**
   * The caller's own direct message with the bot (not a group DM, nor a DM with other people):
   * commands marked `inDirectMessages` manage the caller's own feed here (`Subscription.owner`).
   */
  personalFeed?: boolean;
  /** The conversation belongs to no team (a Discord DM has no server): `teamOnly` commands are refused. */
  teamless?: boolean;
  /** The layouts a feed here can have, when not all of them (a DM has no forum; Discord DMs no threads). */
  layouts?: readonly Layout[];
  /** Options are typed as `key:value` text (Slack); otherwise the platform shows option names itself. */
  keyValueOptions?: boolean;
  /**
   * Posts a public reply in the channel now, where the platform must prove the bot can post there
   * (Slack: a bot that is not a member cannot). Resolves to a refusal to show the caller when it
   * could not, undefined when the reply landed. Absent where answering the command is enough.
   * A command calls it only once the change the reply announces is stored.
   */
  postInChannel?(reply: Reply): Promise<string | undefined>;
  /** The reading club's platform side: each platform's club poster (threads, DMs), and the 📖 emoji as people type it here. */
  club?: { posters: ReadonlyMap<Platform, ClubPoster>; readEmoji: string };
  /** arXiv's announcements (fetched once each and shared), for previews of arXiv feeds; absent: none here. */
  arxiv?: Announcements;
}

export interface Command {
  def: CommandDef;
  run(input: CommandInput, ctx: CommandContext): Promise<Reply>;
  /** Handles a button this command put on a reply (`action` minus the command-name prefix). */
  onAction?(action: string, ctx: CommandContext): Promise<Reply>;
  /** Suggestions for a partly typed option value. */
  suggest?(option: string, partial: string, ctx: CommandContext): Promise<{ name: string; value: string }[]>;
}
