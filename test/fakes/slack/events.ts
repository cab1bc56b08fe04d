/**
 * Events Slack sends when someone changes a conversation, for tests to sign and post (with
 * `eventCallbackBody`). A deletion is a `message` event with subtype `message_deleted`, delivered
 * to apps subscribed to `message.channels` (public) or `message.groups` (private); no
 * `reaction_removed` is sent for the reactions the message had.
 * https://docs.slack.dev/reference/events/message/message_deleted/
 */
import type { SlackWorkspace } from './methods.js';

/**
 * Deletes the message `deletedTs` from the fake's channel (as chat.delete or a person in the client
 * would) and answers the `message_deleted` event Slack sends for it. `eventTs` is when it was deleted.
 */
export function deleteMessageEvent(
  workspace: SlackWorkspace,
  o: { channel: string; deletedTs: string; eventTs: string; channelType?: 'channel' | 'group' },
): Record<string, unknown> {
  const list = workspace.messages.get(o.channel) ?? [];
  const index = list.findIndex((m) => m.ts === o.deletedTs);
  const [previous] = index >= 0 ? list.splice(index, 1) : [];
  return {
    type: 'message',
    subtype: 'message_deleted',
    hidden: true,
    channel: o.channel,
    channel_type: o.channelType ?? 'channel',
    ts: o.eventTs,
    deleted_ts: o.deletedTs,
    event_ts: o.eventTs,
    previous_message: previous
      ? { type: 'message', user: previous.user, bot_id: previous.bot_id, text: previous.text ?? '', ts: previous.ts }
      : { type: 'message', ts: o.deletedTs },
  };
}
