/**
 * Threads and forum channels of the fake Discord (discord-api-docs resources/channel.mdx):
 * - `POST /channels/:id/messages/:mid/threads` starts a thread on a message; the thread has the
 *   message's id, and a second start answers 160004 ("A thread has already been created for this message").
 * - `POST /channels/:id/threads` in a forum (type 15) creates a forum post: a thread whose first
 *   message has the thread's id; `applied_tags` (at most 5) must be the forum's tag ids.
 * - `PATCH /channels/:id` edits a channel; a forum's `available_tags` (at most 20, names 1–20 characters).
 * - `GET /guilds/:id/threads/active` lists the guild's threads.
 * Each new thread is dispatched as THREAD_CREATE (as Discord does to a bot with the Guilds intent).
 */
import { asObject, checkNewMessage, err, ok, rejectIssues, type RestContext, type Route } from './rest-common.js';
import type { LimitIssue } from './limits.js';
import { nextSnowflake, THREAD_TYPES, type ForumTag, type RouteResult, type SeedChannel } from './types.js';

type RouteFactory = (name: string, method: string, path: string, handle: Route['handle'], auth?: boolean) => Route;

const FORUM = 15;
const UNKNOWN_CHANNEL = () => err(404, 10003, 'Unknown Channel');

/** A channel object as Discord answers it, with a forum's tags and a thread's metadata. */
export function channelJson(guildId: string, c: SeedChannel): Record<string, unknown> {
  const type = c.type ?? 0;
  return {
    id: c.id,
    type,
    name: c.name ?? `channel-${c.id.slice(-4)}`,
    guild_id: guildId,
    position: 0,
    permission_overwrites: c.permissionOverwrites ?? [],
    parent_id: c.parentId ?? null,
    topic: c.topic ?? null,
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: null,
    flags: 0,
    ...(type === FORUM
      ? {
          available_tags: c.availableTags ?? [],
          default_reaction_emoji: null,
          default_sort_order: null,
          default_forum_layout: 0,
        }
      : {}),
    ...(THREAD_TYPES.has(type)
      ? {
          owner_id: c.ownerId ?? null,
          applied_tags: c.appliedTags ?? [],
          message_count: 0,
          member_count: 1,
          total_message_sent: 0,
          thread_metadata: {
            archived: false,
            auto_archive_duration: 1440,
            archive_timestamp: new Date().toISOString(),
            locked: false,
          },
        }
      : {}),
  };
}

const nameIssues = (name: unknown, path: string[], max: number): LimitIssue[] =>
  typeof name === 'string' && name.length >= 1 && name.length <= max
    ? []
    : [{ path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between 1 and ${max} in length.` }];

function addThread(ctx: RestContext, guildId: string, seed: SeedChannel): Record<string, unknown> {
  ctx.state.channels.set(seed.id, { guildId, seed });
  const thread = { ...channelJson(guildId, seed), newly_created: true };
  ctx.state.emit('dispatch', 'THREAD_CREATE', thread);
  return thread;
}

function startFromMessage(ctx: RestContext, [channelId = '', messageId = '']: string[]): RouteResult {
  const entry = ctx.state.channels.get(channelId);
  if (!entry) return UNKNOWN_CHANNEL();
  const msg = ctx.state.getMessage(channelId, messageId);
  if (!msg) return err(404, 10008, 'Unknown Message');
  if (ctx.state.channels.has(messageId)) return err(400, 160004, 'A thread has already been created for this message');
  const body = asObject(ctx.body);
  const bad = rejectIssues(ctx, 'invalid-form-body', nameIssues(body.name, ['name'], 100));
  if (bad) return bad;
  const thread = addThread(ctx, entry.guildId, {
    id: messageId,
    type: 11,
    name: String(body.name),
    parentId: channelId,
    ownerId: ctx.state.botUserId,
  });
  msg.thread = thread;
  msg.flags = Number(msg.flags ?? 0) | (1 << 5); // HAS_THREAD
  return { status: 201, body: thread };
}

function createForumPost(ctx: RestContext, [channelId = '']: string[]): RouteResult {
  const entry = ctx.state.channels.get(channelId);
  if (!entry) return UNKNOWN_CHANNEL();
  const body = asObject(ctx.body);
  if (entry.seed.type !== FORUM)
    return err(400, 50035, 'Invalid Form Body (the fake creates threads with a message in forums only)');
  const tags = Array.isArray(body.applied_tags) ? body.applied_tags.map(String) : [];
  const known = new Set((entry.seed.availableTags ?? []).map((t) => t.id));
  const issues = [
    ...nameIssues(body.name, ['name'], 100),
    ...(tags.length > 5
      ? [{ path: ['applied_tags'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' }]
      : []),
    ...tags
      .filter((t) => !known.has(t))
      .map((t) => ({ path: ['applied_tags'], code: 'UNKNOWN_TAG', message: `Unknown tag ${t}` })),
  ];
  const bad = rejectIssues(ctx, 'invalid-form-body', issues) ?? checkNewMessage(ctx, body.message);
  if (bad) return bad;
  const id = nextSnowflake();
  const thread = addThread(ctx, entry.guildId, {
    id,
    type: 11,
    name: String(body.name),
    parentId: channelId,
    ownerId: ctx.state.botUserId,
    appliedTags: tags,
  });
  const message = ctx.state.storeMessage({ ...ctx.state.buildMessage(id, asObject(body.message)), id });
  return { status: 201, body: { ...thread, message } };
}

function editChannel(ctx: RestContext, [channelId = '']: string[]): RouteResult {
  const entry = ctx.state.channels.get(channelId);
  if (!entry) return UNKNOWN_CHANNEL();
  const body = asObject(ctx.body);
  if (Array.isArray(body.available_tags)) {
    const raw = body.available_tags.map(asObject);
    const issues: LimitIssue[] = [
      ...(raw.length > 20
        ? [{ path: ['available_tags'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 20 or fewer in length.' }]
        : []),
      ...raw.flatMap((t, i) => nameIssues(t.name, ['available_tags', String(i), 'name'], 20)),
    ];
    const bad = rejectIssues(ctx, 'invalid-form-body', issues);
    if (bad) return bad;
    entry.seed.availableTags = raw.map((t): ForumTag => ({
      id: typeof t.id === 'string' ? t.id : nextSnowflake(),
      name: String(t.name),
      moderated: t.moderated === true,
      emoji_id: null,
      emoji_name: null,
    }));
  }
  if (typeof body.name === 'string') entry.seed.name = body.name;
  const channel = channelJson(entry.guildId, entry.seed);
  ctx.state.emit('dispatch', 'CHANNEL_UPDATE', channel);
  return ok(channel);
}

function activeThreads(ctx: RestContext, [guildId = '']: string[]): RouteResult {
  if (!ctx.state.guilds.some((g) => g.id === guildId)) return err(404, 10004, 'Unknown Guild');
  return ok({ threads: ctx.state.threadsOf(guildId), members: [] });
}

export function threadRoutes(route: RouteFactory): Route[] {
  return [
    route('start-thread-from-message', 'POST', '/channels/:id/messages/:id/threads', startFromMessage),
    route('start-thread', 'POST', '/channels/:id/threads', createForumPost),
    route('edit-channel', 'PATCH', '/channels/:id', editChannel),
    route('active-threads', 'GET', '/guilds/:id/threads/active', activeThreads),
  ];
}
