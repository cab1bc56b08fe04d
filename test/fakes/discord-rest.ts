/**
 * REST routes of the fake Discord (gateway discovery, commands, channels/messages/reactions)
 * and the request pipeline: fault injection → auth → rate limits → route.
 */
import { commandLimitIssues } from './discord-limits.js';
import type { FaultsAndLimits } from './discord-faults.js';
import { interactionRoutes } from './discord-interaction-routes.js';
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
} from './discord-rest-common.js';
import { nextSnowflake, type RouteResult } from './discord-types.js';

const UNKNOWN_CHANNEL = () => err(404, 10003, 'Unknown Channel');
const UNKNOWN_MESSAGE = () => err(404, 10008, 'Unknown Message');

function gatewayBot(ctx: RestContext): RouteResult {
  return ok({
    url: ctx.state.gatewayUrl,
    shards: 1,
    session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 1 },
  });
}

function commandScope(ctx: RestContext, app: string, guildId: string | undefined): string | RouteResult {
  if (app !== ctx.state.applicationId) return err(403, 50001, 'Missing Access');
  if (guildId !== undefined && !ctx.state.guilds.some((g) => g.id === guildId)) return err(404, 10004, 'Unknown Guild');
  return guildId ?? 'global';
}

function toCommand(ctx: RestContext, raw: unknown, scope: string, existing: Record<string, unknown>[]) {
  const c = asObject(raw);
  const type = typeof c.type === 'number' ? c.type : 1;
  const prev = existing.find((e) => e.name === c.name && e.type === type);
  return {
    id: typeof prev?.id === 'string' ? prev.id : nextSnowflake(),
    application_id: ctx.state.applicationId,
    version: nextSnowflake(),
    type,
    name: c.name,
    name_localizations: c.name_localizations ?? null,
    description: c.description ?? '',
    description_localizations: c.description_localizations ?? null,
    options: c.options ?? [],
    default_member_permissions: c.default_member_permissions ?? null,
    dm_permission: c.dm_permission ?? true,
    contexts: c.contexts ?? null,
    integration_types: c.integration_types ?? [0],
    nsfw: c.nsfw ?? false,
    ...(scope !== 'global' ? { guild_id: scope } : {}),
  };
}

function putCommands(ctx: RestContext, [app = '', guildId]: string[]): RouteResult {
  const scope = commandScope(ctx, app, guildId);
  if (typeof scope !== 'string') return scope;
  const bad = rejectIssues(ctx, 'invalid-commands', commandLimitIssues(ctx.body));
  if (bad) return bad;
  const existing = ctx.state.commands.get(scope) ?? [];
  const list = (ctx.body as unknown[]).map((c) => toCommand(ctx, c, scope, existing));
  ctx.state.commands.set(scope, list);
  return ok(list);
}

function postCommand(ctx: RestContext, [app = '', guildId]: string[]): RouteResult {
  const scope = commandScope(ctx, app, guildId);
  if (typeof scope !== 'string') return scope;
  const bad = rejectIssues(ctx, 'invalid-commands', commandLimitIssues([ctx.body]));
  if (bad) return bad;
  const existing = ctx.state.commands.get(scope) ?? [];
  const cmd = toCommand(ctx, ctx.body, scope, existing);
  ctx.state.commands.set(scope, [...existing.filter((e) => e.id !== cmd.id), cmd]);
  return { status: existing.some((e) => e.id === cmd.id) ? 200 : 201, body: cmd };
}

function getCommands(ctx: RestContext, [app = '', guildId]: string[]): RouteResult {
  const scope = commandScope(ctx, app, guildId);
  return typeof scope === 'string' ? ok(ctx.state.commands.get(scope) ?? []) : scope;
}

function postMessage(ctx: RestContext, [channelId = '']: string[]): RouteResult {
  if (!ctx.state.channels.has(channelId)) return UNKNOWN_CHANNEL();
  const bad = checkNewMessage(ctx, ctx.body);
  if (bad) return bad;
  const body = asObject(ctx.body);
  const ref = asObject(body.message_reference);
  const extra = typeof ref.message_id === 'string' ? { type: 19, message_reference: { ...ref, channel_id: channelId } } : {};
  return ok(ctx.state.storeMessage(ctx.state.buildMessage(channelId, body, extra)));
}

function listMessages(ctx: RestContext, [channelId = '']: string[]): RouteResult {
  if (!ctx.state.channels.has(channelId)) return UNKNOWN_CHANNEL();
  const limit = Math.min(100, Number(ctx.query.limit ?? 50) || 50);
  const all = [...(ctx.state.messages.get(channelId)?.values() ?? [])].reverse();
  return ok(all.slice(0, limit));
}

function withMessage(fn: (ctx: RestContext, msg: Record<string, unknown> & { id: string; channel_id: string }, rest: string[]) => RouteResult) {
  return (ctx: RestContext, [channelId = '', messageId = '', ...rest]: string[]): RouteResult => {
    if (!ctx.state.channels.has(channelId)) return UNKNOWN_CHANNEL();
    const msg = ctx.state.getMessage(channelId, messageId);
    return msg ? fn(ctx, msg, rest) : UNKNOWN_MESSAGE();
  };
}

const editMessage = withMessage((ctx, msg) => {
  if (asObject(msg.author).id !== ctx.state.botUserId) return err(403, 50005, 'Cannot edit a message authored by another user');
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
    if (add && !existing) reactions.push({ emoji, count: 1, me: true, burst_colors: [], count_details: { burst: 0, normal: 1 } });
    else if (add && existing && existing.me !== true) Object.assign(existing, { me: true, count: Number(existing.count) + 1 });
    else if (!add && existing?.me === true) Object.assign(existing, { me: false, count: Number(existing.count) - 1 });
    msg.reactions = reactions.filter((r) => Number(r.count) > 0);
    return noContent();
  });
}

const ID = '([^/]+)';
const route = (name: string, method: string, path: string, handle: Route['handle'], auth = true): Route => ({
  name,
  method,
  pattern: new RegExp(`^${path.replaceAll(':id', ID)}$`),
  auth,
  handle,
});

export const ROUTES: Route[] = [
  route('gateway', 'GET', '/gateway', (ctx) => ok({ url: ctx.state.gatewayUrl }), false),
  route('gateway-bot', 'GET', '/gateway/bot', gatewayBot),
  route('put-commands', 'PUT', '/applications/:id/commands', putCommands),
  route('get-commands', 'GET', '/applications/:id/commands', getCommands),
  route('post-command', 'POST', '/applications/:id/commands', postCommand),
  route('put-guild-commands', 'PUT', '/applications/:id/guilds/:id/commands', putCommands),
  route('get-guild-commands', 'GET', '/applications/:id/guilds/:id/commands', getCommands),
  route('post-guild-command', 'POST', '/applications/:id/guilds/:id/commands', postCommand),
  route('get-channel', 'GET', '/channels/:id', (ctx, [id = '']) => {
    const channel = ctx.state.channelObject(id);
    return channel ? ok(channel) : UNKNOWN_CHANNEL();
  }),
  route('post-message', 'POST', '/channels/:id/messages', postMessage),
  route('list-messages', 'GET', '/channels/:id/messages', listMessages),
  route('get-message', 'GET', '/channels/:id/messages/:id', withMessage((_ctx, msg) => ok(msg))),
  route('edit-message', 'PATCH', '/channels/:id/messages/:id', editMessage),
  route('delete-message', 'DELETE', '/channels/:id/messages/:id', deleteMessage),
  route('add-reaction', 'PUT', '/channels/:id/messages/:id/reactions/:id/@me', reactionHandler(true)),
  route('remove-reaction', 'DELETE', '/channels/:id/messages/:id/reactions/:id/@me', reactionHandler(false)),
  ...interactionRoutes(route),
];

export interface RestOutcome {
  result: RouteResult;
  route: string | null;
  injected: boolean;
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

function authorized(ctx: RestContext): boolean {
  const header = ctx.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bot ') || header.length <= 4) return false;
  return ctx.state.token === undefined || header === `Bot ${ctx.state.token}`;
}

/** Runs one request through faults → auth → rate limits → route. `ctx.path` is below /api/v10. */
export function handleRest(ctx: RestContext, faults: FaultsAndLimits, invalidJson: boolean): RestOutcome {
  const injected = faults.take(ctx.method, ctx.path);
  const match = ROUTES.map((r) => ({ r, m: r.method === ctx.method ? r.pattern.exec(ctx.path) : null })).find((x) => x.m);
  const name = match?.r.name ?? null;
  if (injected) return { result: injected, route: name, injected: true };
  if (!match?.m) return { result: err(404, 0, '404: Not Found'), route: null, injected: false };
  if (match.r.auth && !authorized(ctx)) return { result: err(401, 0, '401: Unauthorized'), route: name, injected: false };
  const limited = faults.enforce(ctx.method, ctx.path, ctx.now);
  if (limited.reject) return { result: limited.reject, route: name, injected: true };
  if (invalidJson) return { result: err(400, 50109, 'The request body contains invalid JSON.'), route: name, injected: false };
  const params = match.m.slice(1).map((p) => safeDecode(p ?? ''));
  const result = match.r.handle(ctx, params);
  if (limited.headers) result.headers = { ...limited.headers, ...result.headers };
  return { result, route: name, injected: false };
}
