// Direct messages between the app and a person in the Slack fake (the app's Messages tab).
// conversations.open (https://docs.slack.dev/reference/methods/conversations.open, scope im:write)
// answers the DM with `users` (one person here), the same one every time (`already_open` then);
// a user it does not know is user_not_found, a deactivated one user_disabled, a bot cannot_dm_bot.
// A deactivated person's DM still takes chat.postMessage (slackapi/python-slack-sdk#1156): only
// opening it tells. Reading a DM's history needs im:history, as channels' needs channels:history.
import type { MethodResult, SlackWorkspace } from './methods.js';

const err = (error: string): MethodResult => ({ body: { ok: false, error } });

/** The fake's DM id with a person: `D` and the user id after its `U` (U0001 → D0001), so tests can name it. */
export const imIdOf = (userId: string): string => `D${userId.slice(1)}`;

/** True for a DM's id. */
export const isIm = (channel: string): boolean => channel.startsWith('D');

export function conversationsOpen(ws: SlackWorkspace, body: Record<string, unknown>): MethodResult {
  const users = typeof body.users === 'string' ? body.users.trim() : '';
  if (!users) return typeof body.channel === 'string' ? openByChannel(ws, body.channel) : err('user_not_found');
  const user = ws.users.get(users);
  if (!user) return err('user_not_found');
  if (user.deleted) return err('user_disabled');
  if (user.is_bot) return err('cannot_dm_bot');
  const id = imIdOf(user.id);
  const existed = ws.channels.has(id);
  if (!existed) ws.channels.set(id, { id, name: 'directmessage', is_private: true });
  return { body: { ok: true, ...(existed ? { no_op: true, already_open: true } : {}), channel: { id } } };
}

function openByChannel(ws: SlackWorkspace, channel: string): MethodResult {
  return isIm(channel) && ws.channels.has(channel)
    ? { body: { ok: true, channel: { id: channel } } }
    : err('channel_not_found');
}

/** The scope a call needs beyond what every token here has, when it is a DM's. */
export function imScopeNeeded(method: string, body: Record<string, unknown>): string | undefined {
  if (method === 'conversations.open') return 'im:write';
  const channel = typeof body.channel === 'string' ? body.channel : '';
  if ((method === 'conversations.history' || method === 'conversations.replies') && isIm(channel)) return 'im:history';
  return undefined;
}
