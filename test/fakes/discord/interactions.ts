/**
 * Builders for realistic INTERACTION_CREATE / MESSAGE_REACTION_* / MESSAGE_CREATE payloads
 * (discord-api-docs interactions/receiving-and-responding.mdx, events/gateway-events.mdx).
 */
import { randomBytes } from 'node:crypto';
import type { DiscordFakeState } from './state.js';
import {
  DEFAULTS,
  MEMBER_PERMISSIONS,
  nextSnowflake,
  user,
  type InteractionRecord,
  type MessageObject,
} from './types.js';

export type OptionValue = string | number | boolean;

export interface RawOption {
  name: string;
  type: number;
  value?: OptionValue;
  focused?: boolean;
  options?: RawOption[];
}

export interface InteractionBase {
  /** Default: the first seeded guild; null for a DM interaction (`user` instead of `member`). */
  guildId?: string | null;
  /** Default: the first channel of the guild. */
  channelId?: string;
  userId?: string;
  username?: string;
  roles?: string[];
  /** member.permissions as Discord computes it. Default MEMBER_PERMISSIONS (no Manage Channels/Guild). */
  permissions?: string | bigint;
  /** app_permissions (the bot's permissions in the channel). Default MEMBER_PERMISSIONS. */
  appPermissions?: string | bigint;
  locale?: string;
  guildLocale?: string;
}

export interface ChatInputOptions extends InteractionBase {
  /** Top-level command name. */
  name: string;
  /** Wraps `options` in a SUB_COMMAND (type 1) option with this name. */
  subcommand?: string;
  /** Wraps the subcommand in a SUB_COMMAND_GROUP (type 2). */
  group?: string;
  /** Values (type inferred: string 3, integer 4, boolean 5, other number 10) or raw options. */
  options?: Record<string, OptionValue> | RawOption[];
  /** Default: id of the registered command with this name, else a fresh snowflake. */
  commandId?: string;
  /** data.resolved for USER/CHANNEL/ROLE options. */
  resolved?: Record<string, unknown>;
}

export interface AutocompleteOptions extends ChatInputOptions {
  /** Name of the option being typed; it gets `focused: true`. */
  focused: string;
}

export interface ComponentOptions extends InteractionBase {
  customId: string;
  /** 2 button (default), 3 string select, 5 user select, … */
  componentType?: number;
  values?: string[];
  /** Id of a stored message, a raw message object, or omitted (a bot message with this button is made and stored). */
  message?: string | MessageObject;
}

export interface ModalSubmitOptions extends InteractionBase {
  /** The modal's custom_id, as the bot opened it. */
  customId: string;
  /** Text inputs by custom_id: what the person typed. */
  values: Record<string, string>;
}

export interface ReactionOptions {
  messageId: string;
  channelId?: string;
  guildId?: string | null;
  userId?: string;
  /** Unicode emoji, or { id, name } for a custom emoji. Default 👍. */
  emoji?: string | { id: string | null; name: string; animated?: boolean };
}

const inferType = (v: OptionValue): number =>
  typeof v === 'string' ? 3 : typeof v === 'boolean' ? 5 : Number.isInteger(v) ? 4 : 10;

function toRawOptions(options: ChatInputOptions['options'], focused?: string): RawOption[] {
  const list: RawOption[] = Array.isArray(options)
    ? options.map((o) => ({ ...o }))
    : Object.entries(options ?? {}).map(([name, value]) => ({ name, type: inferType(value), value }));
  if (focused !== undefined) {
    const target = list.find((o) => o.name === focused);
    if (!target) throw new Error(`autocomplete: focused option "${focused}" is not among the options`);
    target.focused = true;
  }
  return list;
}

function nestOptions(o: ChatInputOptions, focused?: string): RawOption[] {
  let options = toRawOptions(o.options, focused);
  if (o.subcommand !== undefined) options = [{ type: 1, name: o.subcommand, options }];
  if (o.group !== undefined) options = [{ type: 2, name: o.group, options }];
  return options;
}

function resolveChannel(
  state: DiscordFakeState,
  base: InteractionBase & { userId?: string },
): { guildId: string | null; channelId: string } {
  const guildId = base.guildId === null ? null : (base.guildId ?? state.guilds[0]?.id ?? DEFAULTS.guildId);
  // Outside a guild without a channel: the person's DM with the bot (as Discord makes it on first contact).
  if (guildId === null && base.channelId === undefined)
    return { guildId, channelId: String(state.openDm(base.userId ?? DEFAULTS.userId).id) };
  const guild = state.guilds.find((g) => g.id === guildId);
  return { guildId, channelId: base.channelId ?? guild?.channels?.[0]?.id ?? DEFAULTS.channelId };
}

const perms = (p: string | bigint | undefined, fallback: string) => (p === undefined ? fallback : p.toString());

/** Builds and registers an interaction; the caller dispatches `record.payload`. */
export function buildInteraction(
  state: DiscordFakeState,
  type: number,
  base: InteractionBase,
  data: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): InteractionRecord {
  const { guildId, channelId } = resolveChannel(state, base);
  const userId = base.userId ?? DEFAULTS.userId;
  const seed = { ...state.findMember(guildId, userId), ...(base.username ? { username: base.username } : {}) };
  const actor = state.memberObject(
    { ...seed, roles: base.roles ?? seed.roles },
    perms(base.permissions, MEMBER_PERMISSIONS),
  );
  const id = nextSnowflake();
  // Real tokens are base64 of `interaction:<id>:<secret>` (URL-safe in practice).
  const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
  const channel = state.channelObject(channelId) ?? {
    id: channelId,
    type: guildId ? 0 : 1,
    ...(guildId ? { guild_id: guildId } : {}),
  };
  const payload: Record<string, unknown> = {
    id,
    application_id: state.applicationId,
    type,
    token,
    version: 1,
    locale: base.locale ?? 'en-US',
    channel_id: channelId,
    channel,
    app_permissions: perms(base.appPermissions, MEMBER_PERMISSIONS),
    entitlements: [],
    authorizing_integration_owners: guildId ? { '0': guildId } : { '1': userId },
    context: guildId ? 0 : 1,
    attachment_size_limit: 10_485_760,
    data,
    ...(guildId
      ? {
          guild_id: guildId,
          guild_locale: base.guildLocale ?? 'en-US',
          guild: { id: guildId, locale: 'en-US', features: [] },
          member: actor,
        }
      : { user: actor.user }),
    ...extra,
  };
  const record: InteractionRecord = {
    id,
    token,
    type,
    channelId,
    guildId,
    dispatchedAt: Date.now(),
    payload,
    callbacks: [],
    original: null,
    followups: [],
  };
  state.interactions.set(id, record);
  return record;
}

function commandData(state: DiscordFakeState, o: ChatInputOptions, focused?: string): Record<string, unknown> {
  const { guildId } = resolveChannel(state, o);
  const registered = [
    ...(state.commands.get('global') ?? []),
    ...(guildId ? (state.commands.get(guildId) ?? []) : []),
  ].find((c) => c.name === o.name && (c.type ?? 1) === 1);
  const id = o.commandId ?? (typeof registered?.id === 'string' ? registered.id : nextSnowflake());
  return {
    id,
    name: o.name,
    type: 1,
    options: nestOptions(o, focused),
    ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
    ...(o.resolved ? { resolved: o.resolved } : {}),
  };
}

export const buildChatInput = (state: DiscordFakeState, o: ChatInputOptions) =>
  buildInteraction(state, 2, o, commandData(state, o));

export const buildAutocomplete = (state: DiscordFakeState, o: AutocompleteOptions) =>
  buildInteraction(state, 4, o, commandData(state, o, o.focused));

export function buildComponent(state: DiscordFakeState, o: ComponentOptions): InteractionRecord {
  const { channelId } = resolveChannel(state, o);
  const componentType = o.componentType ?? 2;
  let message: MessageObject;
  if (typeof o.message === 'string') {
    const stored = state.getMessage(channelId, o.message);
    if (!stored) throw new Error(`component interaction: message ${o.message} is not stored in channel ${channelId}`);
    message = stored;
  } else if (o.message) {
    message = o.message;
  } else {
    const component =
      componentType === 2
        ? { type: 2, style: 1, label: o.customId.slice(0, 80), custom_id: o.customId }
        : { type: componentType, custom_id: o.customId, options: [] };
    message = state.storeMessage(
      state.buildMessage(channelId, {
        content: 'message with components',
        components: [{ type: 1, components: [component] }],
      }),
    );
  }
  const data = { custom_id: o.customId, component_type: componentType, ...(o.values ? { values: o.values } : {}) };
  return buildInteraction(state, 3, o, data, { message });
}

/** A modal's submission (interaction type 5): its text inputs in action rows, as Discord sends them. */
export function buildModalSubmit(state: DiscordFakeState, o: ModalSubmitOptions): InteractionRecord {
  const components = Object.entries(o.values).map(([custom_id, value]) => ({
    type: 1,
    components: [{ type: 4, custom_id, value }],
  }));
  return buildInteraction(state, 5, o, { custom_id: o.customId, components });
}

export function reactionPayload(state: DiscordFakeState, o: ReactionOptions, add: boolean): Record<string, unknown> {
  const { guildId, channelId } = resolveChannel(state, {
    guildId: o.guildId,
    channelId: o.channelId,
    userId: o.userId,
  });
  const userId = o.userId ?? DEFAULTS.userId;
  const emoji = typeof o.emoji === 'object' ? o.emoji : { id: null, name: o.emoji ?? '👍' };
  const stored = state.getMessage(channelId, o.messageId);
  const authorId = (stored?.author as { id?: unknown } | undefined)?.id;
  return {
    user_id: userId,
    channel_id: channelId,
    message_id: o.messageId,
    emoji,
    burst: false,
    type: 0,
    ...(guildId ? { guild_id: guildId } : {}),
    ...(add && guildId ? { member: state.memberObject(state.findMember(guildId, userId)) } : {}),
    ...(add && typeof authorId === 'string' ? { message_author_id: authorId } : {}),
    ...(add ? { burst_colors: [] } : {}),
  };
}

/** A message from a (non-bot) user; stored so the bot can fetch/react to it. */
export function userMessage(
  state: DiscordFakeState,
  channelId: string,
  content: string,
  userId: string = DEFAULTS.userId,
): MessageObject {
  const entry = state.channels.get(channelId);
  const member = state.findMember(entry?.guildId ?? null, userId);
  const author = user(
    userId,
    member.username ?? `user${userId.slice(-4)}`,
    member.bot ?? false,
    member.globalName ?? null,
  );
  const msg = state.buildMessage(channelId, { content }, { author });
  if (entry) {
    const { user: _user, ...partialMember } = state.memberObject(member);
    msg.member = partialMember;
  }
  return state.storeMessage(msg);
}
