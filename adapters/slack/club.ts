import { webApi, type types } from '@slack/bolt';
import { TAKEAWAY_ACTION, TAKEAWAY_LABEL, type ClubMessage, type ClubPoster } from '../../src/club/club-poster.js';
import { PostError } from '../../src/delivery/channel-poster.js';
import type { MessageRef } from '../../src/model.js';
import type { Clock } from '../../src/ports/clock.js';
import { truncate } from '../../src/text/truncate.js';
import { slackNames, type SlackUserFacts } from './admins.js';
import { SLACK_LIMITS, slackText } from './blocks.js';

/** Errors that mean the message or channel is gone, or the bot may not post there. */
const GONE = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'message_not_found', 'thread_not_found']);
/** A 429 means Slack did not take the message: it is sent again after Retry-After, this many times at most. */
const ATTEMPTS = 3;

/** A club message in Block Kit: only `mention` may notify anyone (names in the text are escaped). */
export function clubBlocks(m: ClubMessage): { text: string; blocks: types.KnownBlock[] } {
  const userId = m.mention ? /^slack:([A-Z0-9]+)$/.exec(m.mention)?.[1] : undefined;
  const text = truncate(`${userId ? `<@${userId}> ` : ''}${slackText(m.text)}`, SLACK_LIMITS.sectionText);
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }];
  if (m.takeawayFor)
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: TAKEAWAY_LABEL },
          action_id: `${TAKEAWAY_ACTION}:${m.takeawayFor}`.slice(0, SLACK_LIMITS.actionId),
          value: m.takeawayFor,
        },
      ],
    });
  return { text, blocks };
}

const codeOf = (error: unknown) => (error as { data?: { error?: string } }).data?.error ?? '';

/**
 * The reading club on Slack, through a Web API client that never retries by itself (a retried post
 * whose answer was lost would be a second message): a 429 is waited out and sent again. A paper's
 * thread is its message's, or its parent's when the message is a reply itself (thread layout:
 * conversations.replies names the thread of any message in it). A DM is chat.postMessage to the
 * user's id, which Slack delivers in the app's messages tab.
 */
export function createSlackClubPoster(
  client: webApi.WebClient,
  users: (userId: string) => Promise<SlackUserFacts>,
  clock: Clock,
): ClubPoster {
  async function send<T>(what: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === webApi.ErrorCode.RateLimitedError && attempt < ATTEMPTS) {
          await clock.sleep(((error as { retryAfter?: number }).retryAfter ?? 1) * 1000);
          continue;
        }
        throw new PostError(
          `${what}: ${codeOf(error) || (error instanceof Error ? error.message : String(error))}`,
          GONE.has(codeOf(error)),
          { cause: error },
        );
      }
    }
  }
  /** The ts of the thread a message is in, or its own. */
  async function threadOf(ref: MessageRef): Promise<string> {
    const res = await client.conversations.replies({ channel: ref.channelId, ts: ref.messageId, limit: 1 });
    const first = res.messages?.[0];
    return first?.thread_ts ?? first?.ts ?? ref.messageId;
  }
  const unfurl = { unfurl_links: false, unfurl_media: false };
  return {
    async replyInThread(paperMessage, message) {
      const thread = await send('could not find the paper thread', () => threadOf(paperMessage));
      const res = await send('could not post in the paper thread', () =>
        client.chat.postMessage({
          channel: paperMessage.channelId,
          thread_ts: thread,
          ...clubBlocks(message),
          ...unfurl,
        }),
      );
      return { platform: 'slack', channelId: paperMessage.channelId, messageId: res.ts ?? '' };
    },
    async edit(ref, message) {
      await send('could not edit a club message', () =>
        client.chat.update({ channel: ref.channelId, ts: ref.messageId, ...clubBlocks(message) }),
      );
    },
    async directMessage(identity, message) {
      const userId = /^slack:([A-Z0-9]+)$/.exec(identity)?.[1];
      if (!userId) return undefined;
      try {
        const res = await send('could not send a direct message', () =>
          client.chat.postMessage({ channel: userId, ...clubBlocks(message), ...unfurl }),
        );
        return res.ts && res.channel ? { platform: 'slack', channelId: res.channel, messageId: res.ts } : undefined;
      } catch (error) {
        // Slack answered: the DM was refused (the app's messages tab off, a deactivated user).
        if (error instanceof PostError && codeOf(error.cause)) return undefined;
        throw error;
      }
    },
    async displayName(_message, identity) {
      return (await slackNames(users, [identity])).get(identity);
    },
  };
}
