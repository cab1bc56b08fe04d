/**
 * The bot's invite link, and what each permission it asks for is for. Permission bits from
 * discord-api-docs topics/permissions.mdx; kept here as numbers so `doctor` does not load
 * discord.js (a test checks them against its `PermissionFlagsBits`).
 */
export interface InvitePermission {
  /** The bit, as discord.js's `PermissionFlagsBits` names it. */
  bit: bigint;
  /** As Discord's invite screen and server settings name it. */
  label: string;
  /** Which layouts need it (feeds.md#layouts); absent: every layout. */
  layouts?: readonly string[];
  /** What the bot does with it. */
  for: string;
}

export const INVITE_PERMISSIONS = {
  ViewChannel: { bit: 1n << 10n, label: 'View Channel', for: 'see the channels it posts in' },
  SendMessages: { bit: 1n << 11n, label: 'Send Messages', for: 'post the daily papers, and forum posts' },
  EmbedLinks: { bit: 1n << 14n, label: 'Embed Links', for: 'show each paper as a card' },
  ReadMessageHistory: {
    bit: 1n << 16n,
    label: 'Read Message History',
    for: 'find a post whose answer was lost before sending it again',
  },
  AddReactions: {
    bit: 1n << 6n,
    label: 'Add Reactions',
    layouts: ['compact'],
    for: 'add the numbered reactions 1️⃣–🔟 people vote with',
  },
  CreatePublicThreads: {
    bit: 1n << 35n,
    label: 'Create Public Threads',
    layouts: ['thread'],
    for: "start the day's thread on its header",
  },
  SendMessagesInThreads: {
    bit: 1n << 38n,
    label: 'Send Messages in Threads',
    layouts: ['thread'],
    for: 'post the papers in that thread',
  },
  ManageChannels: {
    bit: 1n << 4n,
    label: 'Manage Channels',
    layouts: ['forum'],
    for: "create the forum's day and topic tags (without it posts carry the tags that exist); granting it on the forum channel alone is enough",
  },
} as const satisfies Record<string, InvitePermission>;

/** The permissions integer of the invite link: every permission above. */
export const INVITE_PERMISSION_INTEGER = Object.values(INVITE_PERMISSIONS)
  .reduce((a, p) => a | p.bit, 0n)
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

/** What the layouts need it for: "every layout", "the thread layout". */
export const neededBy = (p: InvitePermission): string =>
  p.layouts ? `the ${p.layouts.join(' and ')} layout` : 'every layout';

/** One line per permission, for `doctor`: "Add Reactions (the compact layout): add the numbered reactions …". */
export const permissionLines = (): string[] =>
  Object.values(INVITE_PERMISSIONS).map((p: InvitePermission) => `${p.label} (${neededBy(p)}): ${p.for}`);
