import type { webApi } from '@slack/bolt';
import type { Reply } from '../../src/model.js';
import { replyBlocks } from './blocks.js';
import { code } from '../../src/text/rich.js';

/** What someone sees when the bot cannot post in the channel: invite it, then `again` (what they did: "subscribe again"). */
const notAMember = (again: string) =>
  `I'm not in this channel yet: run ${code('/invite @paperfeed')} here, then ${again}.`;
const ARCHIVED = 'This channel is archived, so I cannot post in it. Nothing was changed.';

/**
 * A slash command's channel is a direct message: a 1:1 DM (`directmessage`, ids starting with D)
 * or a group DM (`mpdm-…`). Fields: https://docs.slack.dev/interactivity/implementing-slash-commands/
 */
export const isDirectMessage = (channelId: string, channelName: string | undefined): boolean =>
  channelId.startsWith('D') || channelName === 'directmessage' || (channelName ?? '').startsWith('mpdm-');

/**
 * `ctx.postInChannel` for Slack: posts the reply with chat.postMessage, which only a member may do
 * (a slash command itself works in any channel, and its response_url answer proves nothing).
 * Resolves to a refusal when Slack answers that the bot cannot post there (`again` says what to do
 * once it is invited); other failures throw.
 */
export function createChannelPost(client: webApi.WebClient, channelId: string, again = 'subscribe again') {
  return async (reply: Reply): Promise<string | undefined> => {
    try {
      await client.chat.postMessage({
        channel: channelId,
        ...replyBlocks(reply),
        unfurl_links: false,
        unfurl_media: false,
        // Names are never turned into mentions (the text has no `<@…>` of its own either).
        link_names: false,
      });
      return undefined;
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code === 'not_in_channel' || code === 'channel_not_found') return notAMember(again);
      if (code === 'is_archived') return ARCHIVED;
      throw error;
    }
  };
}
