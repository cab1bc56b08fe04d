// Stateful Web API method handlers for the Slack fake: seeded users/channels, stored messages.
import { conversationsHistory, conversationsReplies, parseMetadata, type MessageMetadata } from './history.js';
import { conversationsOpen } from './ims.js';
import { SlackViews } from './views.js';

export const BOT_USER_ID = 'U0BOT';
export const BOT_ID = 'B0BOT';
export const TEAM_ID = 'T0001';
/** The bot scopes slack/manifest.yml asks for; the fake's default grant. */
export const DEFAULT_SCOPES = [
  'commands',
  'chat:write',
  'channels:history',
  'groups:history',
  'reactions:read',
  'reactions:write',
  'users:read',
  'files:write',
  'im:write',
  'im:history',
];

export interface SlackUser {
  id: string;
  name?: string;
  real_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  tz?: string;
}

export interface SlackChannel {
  id: string;
  name?: string;
  is_private?: boolean;
  is_archived?: boolean;
  /** false → chat.postMessage answers not_in_channel (default true). */
  is_member?: boolean;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown;
  thread_ts?: string;
  user: string;
  bot_id: string;
  reactions: string[];
  edited: boolean;
  /** Message metadata as posted; conversations.history returns it with include_all_metadata. */
  metadata?: MessageMetadata;
}

export interface MethodResult {
  status?: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface MethodContext {
  /** Bearer token from the Authorization header, or body.token. */
  token: string | undefined;
  issueSocketUrl: () => string;
  apiUrl: string;
}

const DEFAULT_USERS: SlackUser[] = [
  { id: 'U0001', name: 'alice', real_name: 'Alice' },
  { id: BOT_USER_ID, name: 'paperfeed', real_name: 'Paperfeed', is_bot: true },
];
const DEFAULT_CHANNELS: SlackChannel[] = [{ id: 'C0001', name: 'general' }];

const err = (error: string): MethodResult => ({ body: { ok: false, error } });
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export class SlackWorkspace {
  readonly users = new Map<string, SlackUser>();
  readonly channels = new Map<string, SlackChannel>();
  readonly messages = new Map<string, StoredMessage[]>();
  /** Modals opened with views.open. */
  readonly views = new SlackViews();
  private tsSeq = 0;

  constructor(
    users: readonly SlackUser[] = [],
    channels: readonly SlackChannel[] = [],
    readonly strictChannels = false,
  ) {
    for (const u of [...DEFAULT_USERS, ...users]) this.users.set(u.id, { ...this.users.get(u.id), ...u });
    for (const c of [...DEFAULT_CHANNELS, ...channels]) this.channels.set(c.id, { ...this.channels.get(c.id), ...c });
  }

  /** Unique, increasing timestamps from the current time, as Slack's are ("1781258400.000100"). */
  nextTs(): string {
    const micros = (this.tsSeq = Math.max(this.tsSeq + 100, Date.now() * 1000));
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  channelMessages(channel: string): StoredMessage[] {
    let list = this.messages.get(channel);
    if (!list) {
      list = [];
      this.messages.set(channel, list);
    }
    return list;
  }

  /** The DM channel (`D…`) of a user the app may message, or why not. */
  private dmChannel(userId: string): { channel: string } | { error: string } {
    const u = this.users.get(userId);
    if (!u) return { error: 'channel_not_found' };
    if (u.is_bot) return { error: 'cannot_dm_bot' };
    if (u.deleted) return { error: 'user_disabled' };
    return { channel: `D${userId.slice(1)}` };
  }

  private checkChannel(channel: string | undefined, forPosting: boolean): string | undefined {
    if (!channel) return 'channel_not_found';
    const c = this.channels.get(channel);
    if (!c) return this.strictChannels ? 'channel_not_found' : undefined;
    if (forPosting && c.is_archived) return 'is_archived';
    if (forPosting && c.is_member === false) return 'not_in_channel';
    return undefined;
  }

  messageJson(m: StoredMessage, withMetadata = false): Record<string, unknown> {
    const out: Record<string, unknown> = { type: 'message', user: m.user, bot_id: m.bot_id, ts: m.ts, team: TEAM_ID };
    if (m.text !== undefined) out.text = m.text;
    if (m.blocks !== undefined) out.blocks = m.blocks;
    if (m.thread_ts !== undefined) out.thread_ts = m.thread_ts;
    if (m.edited) out.edited = { user: m.user, ts: m.ts };
    if (withMetadata && m.metadata) out.metadata = m.metadata;
    return out;
  }

  private userJson(u: SlackUser): Record<string, unknown> {
    const realName = u.real_name ?? u.name ?? u.id;
    return {
      id: u.id,
      team_id: TEAM_ID,
      name: u.name ?? u.id.toLowerCase(),
      real_name: realName,
      deleted: u.deleted ?? false,
      is_admin: u.is_admin ?? false,
      is_owner: u.is_owner ?? false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: u.is_bot ?? false,
      is_app_user: false,
      tz: u.tz ?? 'UTC',
      profile: { real_name: realName, display_name: u.name ?? '' },
    };
  }

  handle(method: string, body: Record<string, unknown>, ctx: MethodContext): MethodResult {
    if (!ctx.token) return err('not_authed');
    const isAppToken = ctx.token.startsWith('xapp-');
    if (method === 'apps.connections.open') {
      return isAppToken ? { body: { ok: true, url: ctx.issueSocketUrl() } } : err('not_allowed_token_type');
    }
    if (isAppToken) return err('not_allowed_token_type');
    const channel = str(body.channel);
    switch (method) {
      case 'auth.test':
        return {
          body: {
            ok: true,
            url: 'https://test.slack.com/',
            team: 'Test',
            user: 'paperfeed',
            team_id: TEAM_ID,
            user_id: BOT_USER_ID,
            bot_id: BOT_ID,
            is_enterprise_install: false,
          },
        };
      case 'chat.postMessage': {
        // A user's id as the channel posts in the app's DM with them (its messages tab), as Slack does.
        const dm = channel && /^[UW][A-Z0-9]+$/.test(channel) ? this.dmChannel(channel) : undefined;
        if (dm && 'error' in dm) return err(dm.error);
        if (dm) return this.handle(method, { ...body, channel: dm.channel }, ctx);
        const problem = this.checkChannel(channel, true);
        if (problem || !channel) return err(problem ?? 'channel_not_found');
        const metadata = parseMetadata(body.metadata);
        if (metadata === 'invalid') return err('invalid_metadata_format');
        const m: StoredMessage = {
          channel,
          ts: this.nextTs(),
          user: BOT_USER_ID,
          bot_id: BOT_ID,
          reactions: [],
          edited: false,
        };
        if (typeof body.text === 'string') m.text = body.text;
        if (body.blocks !== undefined) m.blocks = body.blocks;
        if (metadata) m.metadata = metadata;
        // A reply to a parent that is gone (deleted) is not refused: Slack posts it un-threaded, as a
        // top-level message, and its answer's `message` has no thread_ts (slack-go/slack#1571).
        const threadTs = str(body.thread_ts);
        if (threadTs && this.channelMessages(channel).some((x) => x.ts === threadTs)) m.thread_ts = threadTs;
        this.channelMessages(channel).push(m);
        return { body: { ok: true, channel, ts: m.ts, message: this.messageJson(m) } };
      }
      case 'chat.delete': {
        // https://docs.slack.dev/reference/methods/chat.delete: a bot token deletes only the bot's own messages.
        const problem = this.checkChannel(channel, true);
        if (problem || !channel) return err(problem ?? 'channel_not_found');
        const stored = this.channelMessages(channel);
        const at = stored.findIndex((x) => x.ts === body.ts);
        if (at < 0) return err('message_not_found');
        if (stored[at]!.user !== BOT_USER_ID) return err('cant_delete_message');
        stored.splice(at, 1);
        return { body: { ok: true, channel, ts: body.ts } };
      }
      case 'chat.postEphemeral': {
        const problem = this.checkChannel(channel, true);
        if (problem) return err(problem);
        if (!str(body.user)) return err('user_not_in_channel');
        return { body: { ok: true, message_ts: this.nextTs() } };
      }
      case 'chat.update': {
        const problem = this.checkChannel(channel, true);
        if (problem || !channel) return err(problem ?? 'channel_not_found');
        const m = this.messages.get(channel)?.find((x) => x.ts === body.ts);
        if (!m) return err('message_not_found');
        if (typeof body.text === 'string') m.text = body.text;
        if (body.blocks !== undefined) m.blocks = body.blocks;
        m.edited = true;
        return { body: { ok: true, channel, ts: m.ts, text: m.text ?? '', message: this.messageJson(m) } };
      }
      case 'views.open':
        return this.views.open(body, TEAM_ID);
      case 'conversations.history':
        return conversationsHistory(this, body);
      case 'conversations.replies':
        return conversationsReplies(this, body);
      case 'conversations.open':
        return conversationsOpen(this, body);
      case 'users.info': {
        const u = this.users.get(str(body.user) ?? '');
        return u ? { body: { ok: true, user: this.userJson(u) } } : err('user_not_found');
      }
      case 'conversations.info': {
        const c = this.channels.get(channel ?? '');
        if (!c) return err('channel_not_found');
        return {
          body: {
            ok: true,
            channel: {
              id: c.id,
              name: c.name ?? c.id.toLowerCase(),
              is_channel: !c.is_private,
              is_private: c.is_private ?? false,
              is_archived: c.is_archived ?? false,
              is_member: c.is_member ?? true,
              created: 1_700_000_000,
            },
          },
        };
      }
      case 'reactions.add': {
        const name = str(body.name);
        if (!name) return err('invalid_name');
        const problem = this.checkChannel(channel, false);
        if (problem) return err(problem);
        const m = this.messages.get(channel ?? '')?.find((x) => x.ts === body.timestamp);
        if (m?.reactions.includes(name)) return err('already_reacted');
        m?.reactions.push(name);
        return { body: { ok: true } };
      }
      default:
        return err('unknown_method');
    }
  }
}
