/**
 * In-memory state of the fake Discord: seeded guilds/channels/members, stored messages,
 * registered commands, interactions, the request log and violations.
 */
import { EventEmitter } from 'node:events';
import { channelJson } from './threads.js';
import {
  THREAD_TYPES,
  botRoleId,
  DEFAULTS,
  MEMBER_PERMISSIONS,
  nextSnowflake,
  user,
  type DiscordFakeOptions,
  type InteractionRecord,
  type MessageObject,
  type RateLimitOptions,
  type RecordedRequest,
  type SeedChannel,
  type SeedGuild,
  type SeedMember,
  type Violation,
} from './types.js';

const asAuthor = (msg: MessageObject): unknown => (msg.author as { id?: unknown } | undefined)?.id;

const JOINED_AT = '2026-01-01T00:00:00.000Z';

export interface ChannelEntry {
  guildId: string;
  seed: SeedChannel;
}

export class DiscordFakeState extends EventEmitter {
  readonly botUserId: string;
  readonly applicationId: string;
  readonly botUser: ReturnType<typeof user>;
  readonly token: string | undefined;
  readonly heartbeatIntervalMs: number;
  readonly guilds: SeedGuild[];
  readonly channels = new Map<string, ChannelEntry>();
  /** channelId → messageId → message */
  readonly messages = new Map<string, Map<string, MessageObject>>();
  /** 'global' or guild id → registered commands */
  readonly commands = new Map<string, Record<string, unknown>[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  interactionResponseWindowMs: number;
  /** How long an enforced nonce returns the earlier message (ms). */
  nonceWindowMs: number;
  /** `channel:author:nonce` → the message it created and when (kept off the message object). */
  private readonly nonces = new Map<string, { messageId: string; at: number }>();
  interactionTokenTtlMs: number;
  rateLimits: RateLimitOptions | null;
  /** Users whose DM channel refuses the bot's messages (50007). */
  readonly closedDms: Set<string>;
  /** GET /gateway/bot's recommended shard count and identify concurrency. */
  recommendedShards: number;
  maxConcurrency: number;
  /** ws://127.0.0.1:PORT/gateway, set once the server listens. */
  gatewayUrl = '';

  constructor(options: DiscordFakeOptions) {
    super();
    this.setMaxListeners(100);
    this.botUserId = options.botUserId ?? DEFAULTS.botUserId;
    this.applicationId = options.applicationId ?? DEFAULTS.applicationId;
    this.botUser = user(this.botUserId, options.botUsername ?? 'testbot', true);
    this.token = options.token;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1000;
    this.interactionResponseWindowMs = options.interactionResponseWindowMs ?? 3000;
    this.nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;
    this.interactionTokenTtlMs = options.interactionTokenTtlMs ?? 15 * 60_000;
    this.rateLimits = options.rateLimits ?? null;
    this.recommendedShards = options.shards ?? 1;
    this.maxConcurrency = options.maxConcurrency ?? 1;
    this.closedDms = new Set(options.closedDms ?? []);
    // A copy: channel edits change the fake's seeds, never the caller's options (reused across tests).
    this.guilds = structuredClone(
      options.guilds ?? [
        { id: DEFAULTS.guildId, name: 'Test Guild', channels: [{ id: DEFAULTS.channelId, name: 'general' }] },
      ],
    );
    for (const g of this.guilds) for (const c of g.channels ?? []) this.channels.set(c.id, { guildId: g.id, seed: c });
  }

  record(req: RecordedRequest): void {
    this.requests.push(req);
    this.emit('request', req);
  }

  violate(v: Violation): void {
    this.violations.push(v);
    this.emit('violation', v);
  }

  channelObject(id: string): Record<string, unknown> | undefined {
    const entry = this.channels.get(id);
    if (entry?.seed.type === 1) return this.dmJson(entry.seed);
    return entry && channelJson(entry.guildId, entry.seed);
  }

  /** The bot's DM channel with a user (resources/user.mdx §Create DM): the same one every time. */
  openDm(userId: string): Record<string, unknown> {
    const existing = [...this.channels.values()].find((e) => e.seed.type === 1 && e.seed.recipientId === userId);
    const seed = existing?.seed ?? { id: nextSnowflake(), type: 1, recipientId: userId };
    if (!existing) this.channels.set(seed.id, { guildId: '', seed });
    return this.dmJson(seed);
  }

  private dmJson(seed: SeedChannel): Record<string, unknown> {
    const member = this.findMember(null, seed.recipientId ?? '');
    const recipient = user(
      member.id,
      member.username ?? `user${member.id.slice(-4)}`,
      false,
      member.globalName ?? null,
    );
    return { id: seed.id, type: 1, last_message_id: null, flags: 0, recipients: [recipient] };
  }

  /** The guild's threads, for GUILD_CREATE and the active-threads list. */
  threadsOf(guildId: string): Record<string, unknown>[] {
    return [...this.channels.values()]
      .filter((e) => e.guildId === guildId && THREAD_TYPES.has(e.seed.type ?? 0))
      .map((e) => channelJson(e.guildId, e.seed));
  }

  memberObject(m: SeedMember, permissions?: string): Record<string, unknown> {
    return {
      user: user(m.id, m.username ?? `user${m.id.slice(-4)}`, m.bot ?? false, m.globalName ?? null),
      roles: m.roles ?? [],
      nick: m.nick ?? null,
      avatar: null,
      joined_at: JOINED_AT,
      premium_since: null,
      deaf: false,
      mute: false,
      pending: false,
      flags: 0,
      ...(permissions !== undefined ? { permissions } : {}),
    };
  }

  /** The bot's member in a guild, with its own role when the guild seeds one. */
  botMember(g: SeedGuild): SeedMember {
    const roles = g.botPermissions === undefined ? [] : [botRoleId(g.id)];
    return { id: this.botUserId, username: this.botUser.username, bot: true, roles };
  }

  findMember(guildId: string | null, userId: string): SeedMember {
    const g = this.guilds.find((x) => x.id === guildId);
    return (
      g?.members?.find((m) => m.id === userId) ?? {
        id: userId,
        username: userId === DEFAULTS.userId ? 'alice' : undefined,
      }
    );
  }

  guildCreatePayload(g: SeedGuild): Record<string, unknown> {
    const roles = [
      {
        id: g.id,
        name: '@everyone',
        permissions: g.everyonePermissions ?? MEMBER_PERMISSIONS,
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
      ...(g.botPermissions === undefined
        ? []
        : [
            {
              id: botRoleId(g.id),
              name: this.botUser.username,
              permissions: g.botPermissions,
              position: 1,
              color: 0,
              hoist: false,
              managed: true,
              mentionable: false,
              flags: 0,
              tags: { bot_id: this.botUserId },
            },
          ]),
      ...(g.roles ?? []).map((r, i) => ({
        id: r.id,
        name: r.name,
        permissions: r.permissions ?? '0',
        position: r.position ?? i + 1,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      })),
    ];
    const members = [this.botMember(g), ...(g.members ?? [])];
    return {
      id: g.id,
      name: g.name ?? 'Test Guild',
      icon: null,
      unavailable: false,
      owner_id: g.ownerId ?? DEFAULTS.ownerId,
      member_count: members.length,
      large: false,
      joined_at: JOINED_AT,
      features: [],
      emojis: [],
      stickers: [],
      roles,
      channels: (g.channels ?? []).map((c) => this.channelObject(c.id)),
      threads: this.threadsOf(g.id),
      members: members.map((m) => this.memberObject(m)),
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      preferred_locale: 'en-US',
      premium_tier: 0,
      system_channel_id: null,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
    };
  }

  /** Build (not store) a message object from a create/edit payload. */
  buildMessage(channelId: string, body: Record<string, unknown>, extra: Record<string, unknown> = {}): MessageObject {
    const entry = this.channels.get(channelId);
    return {
      id: nextSnowflake(),
      channel_id: channelId,
      ...(entry?.guildId ? { guild_id: entry.guildId } : {}),
      author: this.botUser,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: body.tts === true,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: typeof body.flags === 'number' ? body.flags : 0,
      type: 0,
      ...extra,
    };
  }

  storeMessage(msg: MessageObject): MessageObject {
    let perChannel = this.messages.get(msg.channel_id);
    if (!perChannel) this.messages.set(msg.channel_id, (perChannel = new Map()));
    perChannel.set(msg.id, msg);
    return msg;
  }

  rememberNonce(msg: MessageObject, nonce: string | number, now: number): void {
    this.nonces.set(`${msg.channel_id}:${String(asAuthor(msg))}:${String(nonce)}`, { messageId: msg.id, at: now });
  }

  /** The still-stored message this author created with `nonce` in the channel within the window. */
  findByNonce(channelId: string, authorId: string, nonce: string | number, now: number): MessageObject | undefined {
    const hit = this.nonces.get(`${channelId}:${authorId}:${String(nonce)}`);
    if (!hit || now - hit.at >= this.nonceWindowMs) return undefined;
    return this.getMessage(channelId, hit.messageId);
  }

  getMessage(channelId: string, messageId: string): MessageObject | undefined {
    return this.messages.get(channelId)?.get(messageId);
  }

  /** Apply an edit payload to a stored message in place. */
  editMessage(msg: MessageObject, body: Record<string, unknown>): MessageObject {
    for (const key of ['content', 'embeds', 'components', 'flags'] as const) {
      if (body[key] !== undefined) msg[key] = body[key];
    }
    msg.edited_timestamp = new Date().toISOString();
    return msg;
  }

  findInteractionByToken(token: string): InteractionRecord | undefined {
    for (const i of this.interactions.values()) if (i.token === token) return i;
    return undefined;
  }
}
