/**
 * The bot's invite link. Permission bits from discord-api-docs topics/permissions.mdx; kept here
 * as numbers so `doctor` does not load discord.js (a test checks them against its
 * `PermissionFlagsBits`).
 */
export const INVITE_PERMISSIONS = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
} as const;

/** 84992: View Channel, Send Messages, Embed Links, Read Message History. */
export const INVITE_PERMISSION_INTEGER = Object.values(INVITE_PERMISSIONS)
  .reduce((a, b) => a | b, 0n)
  .toString();

/** `bot` to join servers, `applications.commands` so `/papers` may be registered in them. */
export const INVITE_SCOPES = ['bot', 'applications.commands'] as const;

export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: INVITE_SCOPES.join(' '),
    permissions: INVITE_PERMISSION_INTEGER,
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}
