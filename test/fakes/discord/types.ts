/**
 * Shared types, constants and small helpers for the local fake Discord server
 * (see discord-fake.ts for the entry point).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AnswerFault } from '../answer-faults.js';

/** Permission bits as Discord sends them (subset); combine with `permissionString`. */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  SendMessagesInThreads: 1n << 38n,
} as const;

export function permissionString(...bits: bigint[]): string {
  return bits.reduce((acc, b) => acc | b, 0n).toString();
}

/** What an ordinary member (no Manage Channels / Manage Guild) has. */
export const MEMBER_PERMISSIONS = permissionString(
  Permission.CreateInstantInvite,
  Permission.AddReactions,
  Permission.ViewChannel,
  Permission.SendMessages,
  Permission.EmbedLinks,
  Permission.AttachFiles,
  Permission.ReadMessageHistory,
  Permission.UseExternalEmojis,
  Permission.UseApplicationCommands,
  Permission.SendMessagesInThreads,
);

/** Discord reports every bit for an Administrator; this is all bits up to 1<<50. */
export const ADMIN_PERMISSIONS = ((1n << 51n) - 1n).toString();

/** Gateway intents the fake knows how to enforce on dispatches. */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  MessageContent: 1 << 15,
} as const;

export const DEFAULTS = {
  botUserId: '100000000000000001',
  applicationId: '100000000000000001',
  guildId: '200000000000000001',
  channelId: '300000000000000001',
  userId: '400000000000000001',
  ownerId: '400000000000000000',
} as const;

const DISCORD_EPOCH = 1420070400000n;
let lastSnowflake = 0n;

/** A realistic, strictly increasing snowflake (timestamp-derived, 18–19 digits). */
export function nextSnowflake(): string {
  let id = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  if (id <= lastSnowflake) id = lastSnowflake + 1n;
  lastSnowflake = id;
  return id.toString();
}

export interface SeedChannel {
  id: string;
  name?: string;
  /** 0 text (default), 2 voice, 4 category, 5 announcement, 15 forum. */
  type?: number;
  parentId?: string | null;
  topic?: string | null;
  permissionOverwrites?: unknown[];
  /** Forum channels (type 15): their tags. */
  availableTags?: ForumTag[];
  /** Threads (type 11): who started it, and a forum post's tags. */
  ownerId?: string;
  appliedTags?: string[];
  /** A DM channel (type 1): the user it is with. */
  recipientId?: string;
}

export interface ForumTag {
  id: string;
  name: string;
  moderated: boolean;
  emoji_id: string | null;
  emoji_name: string | null;
}

/** Channel types of threads: announcement, public and private threads. */
export const THREAD_TYPES = new Set([10, 11, 12]);

export interface SeedMember {
  id: string;
  username?: string;
  globalName?: string | null;
  /** The member's server nickname. */
  nick?: string | null;
  roles?: string[];
  bot?: boolean;
}

export interface SeedRole {
  id: string;
  name: string;
  permissions?: string;
  position?: number;
}

/** The id of the bot's own role in a guild seeded with `botPermissions`. */
export const botRoleId = (guildId: string): string => (BigInt(guildId) + 1n).toString();

export interface SeedGuild {
  id: string;
  name?: string;
  ownerId?: string;
  /** Permissions of the @everyone role (default MEMBER_PERMISSIONS). */
  everyonePermissions?: string;
  /**
   * Permissions of the role Discord makes for a bot whose invite link asked for some, given to the
   * bot's member (`botRoleId`); default none: the bot has @everyone's only.
   */
  botPermissions?: string;
  roles?: SeedRole[];
  channels?: SeedChannel[];
  members?: SeedMember[];
}

export interface RateLimitOptions {
  /** Requests per second across all routes except interaction callbacks (Discord: 50). */
  globalPerSecond?: number;
  /** Per-channel bucket for POST /channels/:id/messages (e.g. { limit: 5, windowMs: 5000 }). */
  channelMessages?: { limit: number; windowMs: number };
}

export interface DiscordFakeOptions {
  botUserId?: string;
  applicationId?: string;
  botUsername?: string;
  /** If set, REST `Authorization: Bot <token>` and IDENTIFY must match (else 401 / close 4004). */
  token?: string;
  /** HELLO heartbeat_interval in ms (default 1000). */
  heartbeatIntervalMs?: number;
  /** Seeded guilds; default one guild DEFAULTS.guildId with text channel DEFAULTS.channelId. */
  guilds?: SeedGuild[];
  /** Initial-response window for interactions (Discord: 3000 ms). */
  interactionResponseWindowMs?: number;
  /** Interaction token lifetime for webhooks (Discord: 15 min). */
  interactionTokenTtlMs?: number;
  /** Rate-limit enforcement; off unless given. */
  rateLimits?: RateLimitOptions;
  /** How long `enforce_nonce` returns the earlier message for a repeated nonce (default 5 min). */
  nonceWindowMs?: number;
  /** GET /gateway/bot's recommended `shards` (default 1). */
  shards?: number;
  /** GET /gateway/bot's `session_start_limit.max_concurrency` (default 1). */
  maxConcurrency?: number;
  /** Users who take no DMs from the bot: a message to their DM channel answers 403 50007. */
  closedDms?: string[];
}

export interface RecordedRequest {
  method: string;
  /** Path below /api/v10 (e.g. `/channels/3000…/messages`), still URL-encoded; full path if outside. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; for multipart, the parsed `payload_json`; undefined when empty. */
  body: unknown;
  /** File parts of a multipart request (with their text when small). */
  files: { field: string; name: string; size: number; text?: string }[];
  /** Arrival time (Date.now()). */
  time: number;
  status: number;
  responseBody: unknown;
  /** Name of the route that handled it; null if no route matched (404 code 0). */
  route: string | null;
  /** True when the response came from failNext() or rate-limit enforcement. */
  injected: boolean;
  /** Set when holdNext()/dropNext() hit it: the request was applied, then the answer held or never sent. */
  answer?: AnswerFault;
}

export type ViolationKind =
  | 'invalid-form-body'
  | 'empty-message'
  | 'late-interaction-response'
  | 'already-acknowledged'
  | 'invalid-callback-type'
  | 'webhook-before-ack'
  | 'expired-interaction-token'
  | 'invalid-commands';

export interface Violation {
  kind: ViolationKind;
  method: string;
  path: string;
  issues: string[];
  time: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  /** 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  type: number;
  channelId: string;
  guildId: string | null;
  dispatchedAt: number;
  /** The raw INTERACTION_CREATE payload that was dispatched. */
  payload: Record<string, unknown>;
  callbacks: CallbackRecord[];
  /** Original response message (type 4/5), or the updated component message (type 7). */
  original: MessageObject | null;
  followups: MessageObject[];
}

export interface CallbackRecord {
  interactionId: string;
  token: string;
  type: number;
  data: unknown;
  time: number;
  /** ms between dispatch and this callback. */
  elapsedMs: number;
  /** Set when the first callback missed the window: elapsedMs - window. */
  lateMs?: number;
  /** Whether the fake accepted it (2xx). */
  accepted: boolean;
}

export type MessageObject = Record<string, unknown> & { id: string; channel_id: string };

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function user(id: string, username: string, bot = false, globalName: string | null = null) {
  return { id, username, discriminator: '0', global_name: globalName, avatar: null, bot };
}
