/**
 * REST routes of the fake Discord (gateway discovery, commands, channels; messages live in
 * discord-message-routes.ts)
 * and the request pipeline: fault injection → auth → rate limits → route.
 */
import { appRoutes } from './app-routes.js';
import { commandLimitIssues } from './limits.js';
import type { FaultsAndLimits } from './faults.js';
import { interactionRoutes } from './interaction-routes.js';
import { messageRoutes } from './message-routes.js';
import { threadRoutes } from './threads.js';
import { asObject, err, ok, rejectIssues, type RestContext, type Route } from './rest-common.js';
import { nextSnowflake, type RouteResult } from './types.js';

const UNKNOWN_CHANNEL = () => err(404, 10003, 'Unknown Channel');

function gatewayBot(ctx: RestContext): RouteResult {
  return ok({
    url: ctx.state.gatewayUrl,
    shards: ctx.state.recommendedShards,
    session_start_limit: {
      total: 1000,
      remaining: 1000,
      reset_after: 14_400_000,
      max_concurrency: ctx.state.maxConcurrency,
    },
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
  ...appRoutes(route),
  ...messageRoutes(route),
  ...threadRoutes(route),
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
  const match = ROUTES.map((r) => ({ r, m: r.method === ctx.method ? r.pattern.exec(ctx.path) : null })).find(
    (x) => x.m,
  );
  const name = match?.r.name ?? null;
  if (injected) return { result: injected, route: name, injected: true };
  if (!match?.m) return { result: err(404, 0, '404: Not Found'), route: null, injected: false };
  if (match.r.auth && !authorized(ctx))
    return { result: err(401, 0, '401: Unauthorized'), route: name, injected: false };
  const limited = faults.enforce(ctx.method, ctx.path, ctx.now);
  if (limited.reject) return { result: limited.reject, route: name, injected: true };
  if (invalidJson)
    return { result: err(400, 50109, 'The request body contains invalid JSON.'), route: name, injected: false };
  const params = match.m.slice(1).map((p) => safeDecode(p ?? ''));
  const result = match.r.handle(ctx, params);
  if (limited.headers) result.headers = { ...limited.headers, ...result.headers };
  return { result, route: name, injected: false };
}
