import type { Config } from '../../src/config.js';
import { inviteUrl, permissionLines } from '../discord/invite.js';
import { readManifestBotScopes } from '../slack/manifest.js';
import { describePermissions } from './doctor-permissions.js';

/** One line of `doctor`: ✓ with what `run` returns, ✗ with the message it throws. */
export interface Check {
  name: string;
  /** False: a failure prints `!` and does not fail `doctor` (a fallback such as arXiv). */
  required: boolean;
  run(): Promise<string>;
}

/** Thrown by a required check for a problem that is only a warning this time: `!`, and `doctor` passes. */
export class CheckWarning extends Error {}

const TIMEOUT_MS = 8000;

/** Runs `fn` on first use only, so a later check can reuse an earlier one's answer. */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}
const UNKNOWN_GUILD = 10004;
const MISSING_ACCESS = 50001;

async function request(url: string, init: RequestInit, service: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause =
      (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`${service} unreachable (${cause})`);
  }
}

/** Discord: the token (GET /users/@me), the server, and the invite link with the real application id. */
export function discordChecks(discord: NonNullable<Config['discord']>): Check[] {
  const get = async (path: string) => {
    const res = await request(
      `${discord.apiUrl}/v10${path}`,
      { headers: { authorization: `Bot ${discord.token}` } },
      'Discord',
    );
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.status === 401)
      throw new Error(
        'Discord rejected DISCORD_TOKEN (401); copy it again from the Developer Portal (Bot → Reset Token)',
      );
    return { status: res.status, body };
  };
  const me = once(() =>
    get('/users/@me').then(({ status, body }) => {
      if (status !== 200) throw new Error(`GET /users/@me answered HTTP ${status}`);
      return { id: String(body.id), username: String(body.username) };
    }),
  );
  const skipped = () => me().catch(() => Promise.reject(new Error('skipped: the token check failed')));
  const guild = once(() => get(`/guilds/${discord.guildId}`));
  return [
    {
      name: 'Discord token',
      required: true,
      run: async () => {
        const u = await me();
        return `logged in as ${u.username} (user id ${u.id})`;
      },
    },
    {
      name: 'Discord server',
      required: true,
      run: async () => {
        await skipped();
        if (!discord.guildId) {
          const { status, body } = await get('/users/@me/guilds');
          if (status !== 200 || !Array.isArray(body)) throw new Error(`GET /users/@me/guilds answered HTTP ${status}`);
          if (body.length === 0)
            throw new Error('the bot is in no server yet; invite it with the link on the next line');
          return `in ${body.length}${body.length >= 200 ? '+' : ''} server${body.length === 1 ? '' : 's'}; /papers is registered globally (DISCORD_GUILD_ID not set)`;
        }
        const { status, body } = await guild();
        const code = (body as { code?: unknown }).code;
        if (code === UNKNOWN_GUILD || code === MISSING_ACCESS || status === 404 || status === 403) {
          throw new Error(
            `the bot is not in server ${discord.guildId} (DISCORD_GUILD_ID); invite it with the link on the next line, or fix the id`,
          );
        }
        if (status !== 200) throw new Error(`GET /guilds/${discord.guildId} answered HTTP ${status}`);
        return `in ${String(body.name)} (${discord.guildId}); /papers is registered there`;
      },
    },
    {
      name: 'Discord invite',
      required: true,
      run: async () => {
        const user = await skipped();
        // The application id; for bots made since 2020 it equals the bot's user id, the fallback.
        const app = await get('/oauth2/applications/@me').catch(() => undefined);
        const id = app?.status === 200 && typeof app.body.id === 'string' ? app.body.id : user.id;
        return [inviteUrl(id), ...permissionLines().map((line) => `    ${line}`)].join('\n');
      },
    },
    ...(discord.guildId ? [permissionsCheck(discord.guildId, me, guild, get)] : []),
  ];
}

/** The bot's permissions in the DISCORD_GUILD_ID server against what the layouts need (doctor-permissions.ts). */
function permissionsCheck(
  guildId: string,
  me: () => Promise<{ id: string }>,
  guild: () => Promise<{ status: number; body: Record<string, unknown> }>,
  get: (path: string) => Promise<{ status: number; body: Record<string, unknown> }>,
): Check {
  return {
    name: 'Discord permissions',
    required: true,
    run: async () => {
      const user = await me().catch(() => Promise.reject(new Error('skipped: the token check failed')));
      const server = await guild();
      if (server.status !== 200) throw new Error('skipped: the bot is not in that server');
      const member = await get(`/guilds/${guildId}/members/${user.id}`);
      if (member.status !== 200) throw new Error(`GET /guilds/${guildId}/members/@bot answered HTTP ${member.status}`);
      const roles = Array.isArray(member.body.roles) ? member.body.roles.map(String) : [];
      const found = describePermissions(guildId, server.body, roles);
      if (found.ok) return found.text;
      throw found.warn ? new CheckWarning(found.text) : new Error(found.text);
    },
  };
}

/** Slack: the bot token (auth.test), its scopes against slack/manifest.yml, and the Socket Mode token. */
export function slackChecks(slack: NonNullable<Config['slack']>, port: number): Check[] {
  const call = async (method: string, token: string) => {
    const res = await request(
      `${slack.apiUrl}${method}`,
      { method: 'POST', headers: { authorization: `Bearer ${token}` } },
      'Slack',
    );
    const body = (await res.json().catch(() => ({}))) as { ok?: boolean; error?: string; team?: string; user?: string };
    return { res, body };
  };
  const auth = once(() =>
    call('auth.test', slack.botToken).then(({ res, body }) => {
      if (!body.ok)
        throw new Error(
          `Slack rejected SLACK_BOT_TOKEN (${body.error ?? `HTTP ${res.status}`}); copy the Bot User OAuth Token again (OAuth & Permissions)`,
        );
      return { body, scopes: res.headers.get('x-oauth-scopes') };
    }),
  );
  const checks: Check[] = [
    {
      name: 'Slack token',
      required: true,
      run: async () => {
        const { body } = await auth();
        const mode = slack.appToken ? 'Socket Mode' : `HTTP on port ${port}`;
        return `logged in as ${body.user ?? 'the bot'} in ${body.team ?? 'the workspace'}, ${mode}`;
      },
    },
    {
      name: 'Slack scopes',
      required: true,
      run: async () => {
        const { scopes } = await auth().catch(() => Promise.reject(new Error('skipped: the token check failed')));
        const wanted = readManifestBotScopes();
        if (scopes === null) throw new Error('Slack did not say which scopes the token has (no x-oauth-scopes header)');
        const granted = new Set(
          scopes
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        const missing = wanted.filter((s) => !granted.has(s));
        if (missing.length) {
          throw new Error(
            `missing ${missing.join(', ')}; add them under OAuth & Permissions (or update the app from slack/manifest.yml), then reinstall the app to the workspace`,
          );
        }
        return `the ${wanted.length} slack/manifest.yml asks for (${wanted.join(', ')})`;
      },
    },
  ];
  const appToken = slack.appToken;
  if (appToken) {
    checks.push({
      name: 'Slack Socket Mode',
      required: true,
      run: async () => {
        const { res, body } = await call('apps.connections.open', appToken);
        if (!body.ok)
          throw new Error(
            `Slack rejected SLACK_APP_TOKEN (${body.error ?? `HTTP ${res.status}`}); it needs the connections:write scope and Socket Mode turned on`,
          );
        return 'SLACK_APP_TOKEN opens a connection';
      },
    });
  }
  return checks;
}

/** Fails when neither platform is configured: a bot with nowhere to post is not set up. */
export function platformChecks(config: Config): Check[] {
  if (!config.discord && !config.slack) {
    return [
      {
        name: 'Platforms',
        required: true,
        run: () =>
          Promise.reject(
            new Error(
              'none configured; set DISCORD_TOKEN (Discord) and/or SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN (Slack); see README → Set up',
            ),
          ),
      },
    ];
  }
  return [
    ...(config.discord ? discordChecks(config.discord) : []),
    ...(config.slack ? slackChecks(config.slack, config.port) : []),
  ];
}
