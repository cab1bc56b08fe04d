import { findCommand, runAction, runCommand } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import type { ClubPoster } from '../../src/club/club-poster.js';
import type { Announcements } from '../../src/arxiv-feed/announcements.js';
import type { Delivery } from '../../src/delivery/delivery.js';
import type { Feed } from '../../src/papers/feed.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Metrics } from '../../src/ports/metrics.js';
import type { ChannelRef, Platform, Reply } from '../../src/model.js';
import type { Stores } from '../../src/store/index.js';
import type { Layout } from '../../src/subscriptions/subscription.js';

/** How commands word things on one platform; each adapter says it once. */
export interface PlatformTerms {
  platform: Platform;
  /** The admin requirement, for refusals ("the Manage Channels permission"). */
  adminRequirement: string;
  /** The vote emoji as people type it here (`:+1:` on Slack). */
  voteEmoji: string;
  /** The 📖 emoji as people type it here (`:book:` on Slack). */
  readEmoji?: string;
  /** Paper cards one reply shows (see `CommandContext.cardsPerReply`). */
  cardsPerReply: number;
  /** Options are typed as `key:value` text (Slack); otherwise the platform shows option names itself. */
  keyValueOptions?: boolean;
  /** A channel link in this platform's syntax. */
  channelMention(channelId: string): string;
  /** A link to a message in `channel`'s team, when the platform has one. */
  messageLink(channel: ChannelRef, ref: { channelId: string; messageId: string }): string | undefined;
  /** Plain-text names for `platform:userId` ids in `channel`'s team (see `CommandContext.displayNames`). */
  displayNames?(channel: ChannelRef, voters: readonly string[]): Promise<Map<string, string>>;
  /** The layouts a feed in a direct message can have on this platform (see `CommandContext.layouts`). */
  directMessageLayouts: readonly Layout[];
}

/** One command, button press or suggestion, as the platform delivered it. */
export interface Invocation {
  teamId: string;
  channelId: string;
  /** The platform's own user id (no `platform:` prefix). */
  userId: string;
  isAdmin: boolean;
  userTimeZone?: string;
  directMessage?: boolean;
  /** The caller's own DM with the bot (see `CommandContext.personalFeed`). */
  personalFeed?: boolean;
  /** The conversation belongs to no team (see `CommandContext.teamless`). */
  teamless?: boolean;
  /** See `CommandContext.postInChannel`. */
  postInChannel?(reply: Reply): Promise<string | undefined>;
}

/** What the adapters call for commands; each builds the context for the invocation and runs it. */
export interface CommandHandlers {
  /** `/papers <name>` with its raw option values. */
  run(name: string, raw: Record<string, unknown>, invocation: Invocation): Promise<Reply>;
  /** A button press: `action` is `<command>:<args>` as the command set it. */
  action(action: string, invocation: Invocation): Promise<Reply>;
  /** Suggestions for a partly typed option (Discord autocomplete); none when anything fails. */
  suggest(name: string, option: string, partial: string, invocation: Invocation): Promise<Suggestion[]>;
}

/** One suggestion for an option value: the text shown, and the value it fills in. */
export interface Suggestion {
  name: string;
  value: string;
}

/** The bot's side of every command context; its stores and feed answer within a command's bound. */
export interface CommandServices {
  feed: Feed;
  stores: Stores;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
  /** `/papers digest`'s delivery on each platform. */
  deliveries: ReadonlyMap<Platform, Delivery>;
  /** Each platform's reading-club poster (`/papers takeaway` posts in threads through it). */
  clubPosters?: ReadonlyMap<Platform, ClubPoster>;
  /** arXiv announcements, for previews of arXiv feeds. */
  arxivFeeds?: { announcements: Announcements };
}

/**
 * The one factory of command contexts, for every platform: the bot's services, the platform's
 * terms, and the invocation's facts.
 */
export function commandContext(services: CommandServices, terms: PlatformTerms, inv: Invocation): CommandContext {
  const { feed, stores, clock, logger, metrics } = services;
  const channel: ChannelRef = { platform: terms.platform, teamId: inv.teamId, channelId: inv.channelId };
  const delivery = services.deliveries.get(terms.platform);
  if (!delivery) throw new Error(`no delivery for ${terms.platform}`);
  const displayNames = terms.displayNames;
  return {
    feed,
    stores,
    clock,
    logger,
    metrics,
    delivery,
    channel,
    userId: `${terms.platform}:${inv.userId}`,
    isAdmin: inv.isAdmin,
    adminRequirement: terms.adminRequirement,
    voteEmoji: terms.voteEmoji,
    cardsPerReply: terms.cardsPerReply,
    channelMention: (id) => terms.channelMention(id),
    messageLink: (ref) => terms.messageLink(channel, ref),
    ...(displayNames ? { displayNames: (voters: readonly string[]) => displayNames(channel, voters) } : {}),
    ...(inv.userTimeZone ? { userTimeZone: inv.userTimeZone } : {}),
    ...(inv.directMessage !== undefined ? { directMessage: inv.directMessage } : {}),
    ...(inv.personalFeed ? { personalFeed: true, layouts: terms.directMessageLayouts } : {}),
    ...(inv.teamless ? { teamless: true } : {}),
    ...(terms.keyValueOptions ? { keyValueOptions: true } : {}),
    ...(inv.postInChannel ? { postInChannel: inv.postInChannel } : {}),
    club: { posters: services.clubPosters ?? new Map(), readEmoji: terms.readEmoji ?? '📖' },
    ...(services.arxivFeeds ? { arxiv: services.arxivFeeds.announcements } : {}),
  };
}

/** The command handlers of one platform: each call gets its context from `commandContext`. */
export function commandHandlers(services: CommandServices, terms: PlatformTerms): CommandHandlers {
  const ctx = (inv: Invocation) => commandContext(services, terms, inv);
  return {
    run: (name, raw, inv) => runCommand(name, raw, ctx(inv)),
    action: (action, inv) => runAction(action, ctx(inv)),
    async suggest(name, option, partial, inv) {
      const command = findCommand(name);
      return (await command?.suggest?.(option, partial, ctx(inv)).catch(() => undefined)) ?? [];
    },
  };
}
