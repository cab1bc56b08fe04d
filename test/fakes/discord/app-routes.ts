/**
 * Application and identity routes of the fake Discord: the bot user, its guilds, one guild, the
 * current application, and deleting one registered command (global or guild).
 *
 * Shapes follow discord-api-docs: resources/user.mdx (Get Current User, Get Current User Guilds),
 * resources/guild.mdx (Get Guild), topics/oauth2.mdx (Get Current Bot Application Information),
 * interactions/application-commands.mdx (Delete Global / Guild Application Command → 204).
 * A guild the bot is not in answers 404 Unknown Guild (10004), as Discord does for a bot.
 */
import { err, noContent, ok, type RestContext, type Route } from './rest-common.js';
import type { RouteResult } from './types.js';

type RouteFactory = (name: string, method: string, path: string, handle: Route['handle'], auth?: boolean) => Route;

function application(ctx: RestContext): RouteResult {
  return ok({
    id: ctx.state.applicationId,
    name: ctx.state.botUser.username,
    icon: null,
    description: '',
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    bot: ctx.state.botUser,
  });
}

function currentUserGuilds(ctx: RestContext): RouteResult {
  return ok(
    ctx.state.guilds.map((g) => ({
      id: g.id,
      name: g.name ?? 'Test Guild',
      icon: null,
      owner: false,
      permissions: '0',
      features: [],
    })),
  );
}

/** Get Guild Member (resources/guild.mdx): a seeded member, else 404 Unknown Member (10007). */
function member(ctx: RestContext, [guildId = '', userId = '']: string[]): RouteResult {
  const g = ctx.state.guilds.find((x) => x.id === guildId);
  if (!g) return err(404, 10004, 'Unknown Guild');
  const m = userId === ctx.state.botUserId ? ctx.state.botMember(g) : g.members?.find((x) => x.id === userId);
  return m ? ok(ctx.state.memberObject(m)) : err(404, 10007, 'Unknown Member');
}

/** Get User (resources/user.mdx): any id is a user; a seeded member's names when there is one. */
function getUser(ctx: RestContext, [id = '']: string[]): RouteResult {
  const m = ctx.state.findMember(null, id);
  const seeded = ctx.state.guilds.flatMap((g) => g.members ?? []).find((x) => x.id === id) ?? m;
  return ok((ctx.state.memberObject(seeded) as { user: unknown }).user);
}

/**
 * Create DM (resources/user.mdx): the bot's DM channel with `recipient_id`, made once. Discord
 * opens one even with someone who takes no DMs from the bot (the post then answers 50007); the
 * bot itself or another bot is 50007 at once.
 */
function createDm(ctx: RestContext): RouteResult {
  const body = (ctx.body ?? {}) as { recipient_id?: unknown };
  if (typeof body.recipient_id !== 'string' || !/^\d{1,20}$/.test(body.recipient_id))
    return err(400, 50035, 'Invalid Form Body');
  const seeded = ctx.state.guilds.flatMap((g) => g.members ?? []).find((m) => m.id === body.recipient_id);
  if (body.recipient_id === ctx.state.botUserId || seeded?.bot)
    return err(403, 50007, 'Cannot send messages to this user');
  return ok(ctx.state.openDm(body.recipient_id));
}

function guild(ctx: RestContext, [id = '']: string[]): RouteResult {
  const g = ctx.state.guilds.find((x) => x.id === id);
  if (!g) return err(404, 10004, 'Unknown Guild');
  const { channels: _channels, members: _members, ...rest } = ctx.state.guildCreatePayload(g);
  return ok(rest);
}

function deleteCommand(ctx: RestContext, params: string[]): RouteResult {
  const [app = '', ...restParams] = params;
  const commandId = restParams.at(-1) ?? '';
  const guildId = restParams.length === 2 ? restParams[0] : undefined;
  if (app !== ctx.state.applicationId) return err(403, 50001, 'Missing Access');
  if (guildId !== undefined && !ctx.state.guilds.some((g) => g.id === guildId)) return err(404, 10004, 'Unknown Guild');
  const scope = guildId ?? 'global';
  const list = ctx.state.commands.get(scope) ?? [];
  if (!list.some((c) => c.id === commandId)) return err(404, 10063, 'Unknown application command');
  ctx.state.commands.set(
    scope,
    list.filter((c) => c.id !== commandId),
  );
  return noContent();
}

export function appRoutes(route: RouteFactory): Route[] {
  return [
    route('current-user', 'GET', '/users/@me', (ctx) => ok(ctx.state.botUser)),
    route('current-user-guilds', 'GET', '/users/@me/guilds', currentUserGuilds),
    route('oauth2-application', 'GET', '/oauth2/applications/@me', application),
    route('current-application', 'GET', '/applications/@me', application),
    route('create-dm', 'POST', '/users/@me/channels', createDm),
    route('get-user', 'GET', '/users/:id', getUser),
    route('get-guild', 'GET', '/guilds/:id', guild),
    route('get-guild-member', 'GET', '/guilds/:id/members/:id', member),
    route('delete-command', 'DELETE', '/applications/:id/commands/:id', deleteCommand),
    route('delete-guild-command', 'DELETE', '/applications/:id/guilds/:id/commands/:id', deleteCommand),
  ];
}
