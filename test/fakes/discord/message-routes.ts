/**
 * Channel message routes of the fake Discord: create (with nonce / enforce_nonce), list with
 * before/after/around/limit, get, edit, delete and the bot's own reactions.
 *
 * Nonces (resources/message.mdx §Create Message): with `enforce_nonce: true`, a create whose
 * nonce matches a message the same author created in the same channel within
 * `nonceWindowMs` (default 5 min; Discord says "the past few minutes") answers 200 with that
 * message and creates nothing. The nonce is echoed on the create answer only; GET answers
 * leave it out, as Discord's do.
 */
import type { LimitIssue } from './limits.js';
import {
  asObject,
  checkEdit,
  checkNewMessage,
  err,
  noContent,
  ok,
  rejectIssues,
  type RestContext,
  type Route,
} from './rest-common.js';
import type { MessageObject, RouteResult } from './types.js';

type RouteFactory = (name: string, method: string, path: string, handle: Route['handle'], auth?: boolean) => Route;

const UNKNOWN_CHANNEL = () => err(404, 10003, 'Unknown Channel');
const UNKNOWN_MESSAGE = () => err(404, 10008, 'Unknown Message');
const NONCE_MAX = 25;

function nonceIssues(nonce: unknown): LimitIssue[] {
  if (typeof nonce === 'string' && nonce.length > NONCE_MAX) {
    return [{ path: ['nonce'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${NONCE_MAX} or fewer in length.` }];
  }
  if (nonce !== undefined && typeof nonce !== 'string' && !Number.isInteger(nonce)) {
    return [{ path: ['nonce'], code: 'NUMBER_TYPE_COERCE', message: `Value "${String(nonce)}" is not int.` }];
  }
  return [];
}

function postMessage(ctx: RestContext, [channelId = '']: string[]): RouteResult {
  const { state } = ctx;
  if (!state.channels.has(channelId)) return UNKNOWN_CHANNEL();
  if (state.channels.get(channelId)?.seed.type === 15)
    return err(400, 50008, 'Cannot send messages in a non-text channel');
  const dmWith = state.channels.get(channelId)?.seed.recipientId;
  if (dmWith && state.closedDms.has(dmWith)) return err(403, 50007, 'Cannot send messages to this user');
  const bad =
    checkNewMessage(ctx, ctx.body) ?? rejectIssues(ctx, 'invalid-form-body', nonceIssues(asObject(ctx.body).nonce));
  if (bad) return bad;
  const body = asObject(ctx.body);
  const nonce = body.nonce as string | number | undefined;
  if (nonce !== undefined && body.enforce_nonce === true) {
    const earlier = state.findByNonce(channelId, state.botUserId, nonce, ctx.now);
    if (earlier) return ok({ ...earlier, nonce });
  }
  const ref = asObject(body.message_reference);
  const extra =
    typeof ref.message_id === 'string' ? { type: 19, message_reference: { ...ref, channel_id: channelId } } : {};
  const msg = state.storeMessage(state.buildMessage(channelId, body, extra));
  if (nonce === undefined) return ok(msg);
  state.rememberNonce(msg, nonce, ctx.now);
  return ok({ ...msg, nonce });
}

const SNOWFLAKE = /^\d{1,20}$/;

/** Query-string checks of GET /channels/:id/messages, reported like Discord's 50035 answers. */
function listIssues(query: Record<string, string>): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const limit = query.limit;
  if (limit !== undefined) {
    if (!/^-?\d+$/.test(limit))
      issues.push({ path: ['limit'], code: 'NUMBER_TYPE_COERCE', message: `Value "${limit}" is not int.` });
    else if (Number(limit) < 1)
      issues.push({
        path: ['limit'],
        code: 'NUMBER_TYPE_MIN',
        message: 'int value should be greater than or equal to 1.',
      });
    else if (Number(limit) > 100)
      issues.push({
        path: ['limit'],
        code: 'NUMBER_TYPE_MAX',
        message: 'int value should be less than or equal to 100.',
      });
  }
  for (const key of ['before', 'after', 'around']) {
    const v = query[key];
    if (v !== undefined && !SNOWFLAKE.test(v))
      issues.push({ path: [key], code: 'NUMBER_TYPE_COERCE', message: `Value "${v}" is not snowflake.` });
  }
  return issues;
}

const byIdAsc = (a: MessageObject, b: MessageObject) =>
  BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0;

/**
 * Newest first, as Discord answers. `around` wins over `before`, which wins over `after` (Discord
 * documents them as mutually exclusive). `after` picks the `limit` messages right after the id;
 * `around` takes up to limit/2 older ones and fills the rest from the id onwards.
 */
function listMessages(ctx: RestContext, [channelId = '']: string[]): RouteResult {
  if (!ctx.state.channels.has(channelId)) return UNKNOWN_CHANNEL();
  const bad = rejectIssues(ctx, 'invalid-form-body', listIssues(ctx.query));
  if (bad) return bad;
  const { before, after, around } = ctx.query;
  const limit = ctx.query.limit === undefined ? 50 : Number(ctx.query.limit);
  const all = [...(ctx.state.messages.get(channelId)?.values() ?? [])].sort(byIdAsc);
  const older = (id: string) => all.filter((m) => BigInt(m.id) < BigInt(id));
  const fromId = (id: string, inclusive: boolean) =>
    all.filter((m) => (inclusive ? BigInt(m.id) >= BigInt(id) : BigInt(m.id) > BigInt(id)));
  let picked: MessageObject[];
  if (around !== undefined) {
    const olderPart = older(around).slice(-Math.floor(limit / 2));
    picked = [...olderPart, ...fromId(around, true).slice(0, limit - olderPart.length)];
  } else if (before !== undefined) picked = older(before).slice(-limit);
  else if (after !== undefined) picked = fromId(after, false).slice(0, limit);
  else picked = all.slice(-limit);
  return ok(picked.reverse());
}

function withMessage(fn: (ctx: RestContext, msg: MessageObject, rest: string[]) => RouteResult) {
  return (ctx: RestContext, [channelId = '', messageId = '', ...rest]: string[]): RouteResult => {
    if (!ctx.state.channels.has(channelId)) return UNKNOWN_CHANNEL();
    const msg = ctx.state.getMessage(channelId, messageId);
    return msg ? fn(ctx, msg, rest) : UNKNOWN_MESSAGE();
  };
}

const editMessage = withMessage((ctx, msg) => {
  if (asObject(msg.author).id !== ctx.state.botUserId)
    return err(403, 50005, 'Cannot edit a message authored by another user');
  return checkEdit(ctx, ctx.body) ?? ok(ctx.state.editMessage(msg, asObject(ctx.body)));
});

const deleteMessage = withMessage((ctx, msg) => {
  ctx.state.messages.get(msg.channel_id)?.delete(msg.id);
  return noContent();
});

/** `decoded` is the URL-decoded path segment: '👍' or 'name:id'. */
function parseEmoji(decoded: string): { id: string | null; name: string } {
  const custom = /^(?:<a?:)?([\w~]+):(\d+)>?$/.exec(decoded);
  return custom ? { id: custom[2] ?? null, name: custom[1] ?? decoded } : { id: null, name: decoded };
}

function reactionHandler(add: boolean) {
  return withMessage((ctx, msg, [emojiRaw = '']) => {
    const emoji = parseEmoji(emojiRaw);
    const reactions = Array.isArray(msg.reactions) ? (msg.reactions as Record<string, unknown>[]) : [];
    const same = (r: Record<string, unknown>) => {
      const e = asObject(r.emoji);
      return e.name === emoji.name && (e.id ?? null) === emoji.id;
    };
    const existing = reactions.find(same);
    if (add && !existing)
      reactions.push({ emoji, count: 1, me: true, burst_colors: [], count_details: { burst: 0, normal: 1 } });
    else if (add && existing && existing.me !== true)
      Object.assign(existing, { me: true, count: Number(existing.count) + 1 });
    else if (!add && existing?.me === true) Object.assign(existing, { me: false, count: Number(existing.count) - 1 });
    msg.reactions = reactions.filter((r) => Number(r.count) > 0);
    return noContent();
  });
}

export function messageRoutes(route: RouteFactory): Route[] {
  return [
    route('post-message', 'POST', '/channels/:id/messages', postMessage),
    route('list-messages', 'GET', '/channels/:id/messages', listMessages),
    route(
      'get-message',
      'GET',
      '/channels/:id/messages/:id',
      withMessage((_ctx, msg) => ok(msg)),
    ),
    route('edit-message', 'PATCH', '/channels/:id/messages/:id', editMessage),
    route('delete-message', 'DELETE', '/channels/:id/messages/:id', deleteMessage),
    route('add-reaction', 'PUT', '/channels/:id/messages/:id/reactions/:id/@me', reactionHandler(true)),
    route('remove-reaction', 'DELETE', '/channels/:id/messages/:id/reactions/:id/@me', reactionHandler(false)),
  ];
}
