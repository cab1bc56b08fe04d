import { INVITE_PERMISSIONS, type InvitePermission } from '../discord/invite.js';

/** Administrator grants every permission (discord-api-docs topics/permissions.mdx). */
const ADMINISTRATOR = 1n << 3n;

interface GuildRoles {
  name?: unknown;
  roles?: { id?: unknown; permissions?: unknown }[];
}

/**
 * The bot's permissions across a server: @everyone's (the role with the server's id) and its own
 * roles', or every one with Administrator. A channel's own overwrites can still add or remove
 * some; doctor says so rather than reading each channel.
 */
export function serverPermissions(guildId: string, guild: GuildRoles, memberRoles: readonly string[]): bigint {
  const mine = new Set([guildId, ...memberRoles]);
  const bits = (guild.roles ?? [])
    .filter((r) => mine.has(String(r.id)))
    .reduce((all, r) => all | BigInt(typeof r.permissions === 'string' ? r.permissions : '0'), 0n);
  return bits & ADMINISTRATOR ? ~0n : bits;
}

/**
 * `doctor`'s line on the bot's permissions in the DISCORD_GUILD_ID server: every one the invite
 * link asks for, or which it lacks and which layouts need them. Throws (✗) when one every layout
 * needs is missing; `warn` (!) when only some layouts' are.
 */
export function describePermissions(
  guildId: string,
  guild: GuildRoles,
  memberRoles: readonly string[],
): { ok: true; text: string } | { ok: false; warn: boolean; text: string } {
  const has = serverPermissions(guildId, guild, memberRoles);
  const name = typeof guild.name === 'string' ? guild.name : `server ${guildId}`;
  const all: InvitePermission[] = Object.values(INVITE_PERMISSIONS);
  const missing = all.filter((p) => (has & p.bit) === 0n);
  if (missing.length === 0) {
    const admin = has === ~0n ? ' (Administrator)' : '';
    return {
      ok: true,
      text: `the bot has all ${all.length} the layouts need in ${name}${admin}; a channel's own permission settings can still take some away`,
    };
  }
  const list = missing.map((p) => `${p.label} (${p.layouts ? p.layouts.join(', ') : 'every layout'})`).join(', ');
  const warn = missing.every((p) => p.layouts);
  const consequence = warn
    ? 'feeds with those layouts fail until its role has them'
    : 'its posts fail until it has them';
  return {
    ok: false,
    warn,
    text: `in ${name} the bot lacks ${list}; ${consequence}: open the invite link above again, or grant them in Server Settings → Roles`,
  };
}
