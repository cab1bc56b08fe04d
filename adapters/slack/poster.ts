import type { webApi } from '@slack/bolt';
import { PostError, type ChannelPoster } from '../../src/delivery.js';
import { createSpacedLane } from '../../src/spacing.js';
import { headerBlocks, paperBlocks } from './blocks.js';

/** Slack errors that mean the bot cannot post here until someone fixes it. */
const LOST_ACCESS: Record<string, string> = {
  channel_not_found: 'the channel was not found (channel_not_found)',
  not_in_channel: 'the bot is not a member of this channel (not_in_channel)',
  is_archived: 'the channel is archived (is_archived)',
  restricted_action: 'posting here is restricted (restricted_action)',
};

/**
 * `chat.postMessage` is limited to about one message per second per channel
 * (https://docs.slack.dev/apis/web-api/rate-limits): posts to one channel are spaced `spacingMs`
 * apart, and a 429's `Retry-After` is honoured by @slack/web-api itself.
 */
export function createSlackPoster(client: webApi.WebClient, options: { spacingMs?: number } = {}): ChannelPoster {
  const spacingMs = options.spacingMs ?? 1000;
  const lanes = new Map<string, ReturnType<typeof createSpacedLane>>();
  const inLane = <T>(channel: string, work: () => Promise<T>): Promise<T> => {
    let lane = lanes.get(channel);
    if (!lane) lanes.set(channel, (lane = createSpacedLane(spacingMs)));
    return lane(work);
  };

  return {
    post(channel, message) {
      const body = message.kind === 'header' ? headerBlocks(message.text) : paperBlocks(message.card);
      return inLane(channel.channelId, async () => {
        try {
          const res = await client.chat.postMessage({ channel: channel.channelId, ...body, unfurl_links: false, unfurl_media: false });
          if (!res.ts) throw new PostError('Slack did not return a message timestamp', false);
          return { platform: 'slack', channelId: channel.channelId, messageId: res.ts };
        } catch (error) {
          if (error instanceof PostError) throw error;
          const code = (error as { data?: { error?: string } }).data?.error ?? '';
          if (LOST_ACCESS[code]) throw new PostError(LOST_ACCESS[code]!, true, { cause: error });
          throw new PostError(code || (error instanceof Error ? error.message : String(error)), false, { cause: error });
        }
      });
    },
  };
}
