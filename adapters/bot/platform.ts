import type { Server } from 'node:http';
import type { ClubPoster } from '../../src/club/club-poster.js';
import type { ChannelPoster } from '../../src/delivery/channel-poster.js';
import type { EditPace } from '../../src/live-cards/edit-lane.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Metrics } from '../../src/ports/metrics.js';
import type { ChannelRef, Platform } from '../../src/model.js';
import type { Stores } from '../../src/store/index.js';
import type { VoteIntake } from '../../src/votes/vote-intake.js';
import type { CommandHandlers, PlatformTerms } from './command-context.js';

/**
 * The ports between the composition root (`bot.ts`) and a platform adapter (`adapters/discord/`,
 * `adapters/slack/`). An adapter only translates: platform events into the handlers it is given,
 * the bot's messages into the platform's. It builds nothing of the bot itself.
 */

/** What every platform adapter is given when it is made. */
export interface PlatformDeps {
  logger: Logger;
  clock: Clock;
  /** Where the adapter counts rate limits (and the commands and votes the handlers count). */
  metrics: Metrics;
  /** The bot's stores, for the adapter's own records: command registrations, signed requests, receipt orders. */
  stores: Stores;
  /** `VOTE_EMOJI`. */
  voteEmoji: string;
  /** `READ_EMOJI`: the reaction that claims a paper for reading. */
  readEmoji: string;
  /** `DOWNVOTE_EMOJI`: the "not interested" reaction. */
  downvoteEmoji?: string;
}

/** What the bot hands a platform adapter to start it: where its events go. */
export interface PlatformHandlers {
  /** `/papers` commands, button presses and suggestions, each for one invocation. */
  commands: CommandHandlers;
  /** Reactions and deleted messages: applied as votes, or kept while the store does not answer. */
  votes: VoteIntake;
  /** 📖 reactions and deleted messages: applied as reading claims, kept like votes. */
  claims: VoteIntake;
}

/** A platform adapter, made and not yet connected: how the bot posts there, and how it starts. */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** What runs, as logged and listed (`discord`, `slack-http`, `slack-socket`). */
  readonly name: string;
  /** Posts, finds, reacts and edits on the platform; the bot wraps it for metrics and live cards. */
  readonly poster: ChannelPoster;
  /** How fast live-card edits may go on this platform. */
  readonly editPace: EditPace;
  /** How commands word things on this platform: admin rights, links, names. */
  readonly terms: PlatformTerms;
  /** How the reading club posts here: thread answers, takeaways, reminders (src/club/club-poster.ts). */
  readonly club?: ClubPoster;
  /** Connects with the handlers wired to the platform's events; resolves once it is ready. */
  start(handlers: PlatformHandlers): Promise<RunningPlatform>;
}

/** A started platform adapter. */
export interface RunningPlatform {
  /** Readiness: throws saying what is wrong unless the connection is up. */
  assertConnected(): void;
  /**
   * Whether this process schedules the channel's daily posts: a sharded Discord process, only
   * its shards' guilds (the ledger's lease still rules out doubles).
   */
  serves(channel: ChannelRef): boolean;
  /** The HTTP server this adapter listens with on `PORT` (Slack's HTTP mode), which also serves health. */
  server?: Server;
  stop(): Promise<void>;
}
