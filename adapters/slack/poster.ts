import { webApi } from '@slack/bolt';
import { PostError, ThreadParentGone, type ChannelPoster } from '../../src/delivery/channel-poster.js';
import type { ChannelRef, MessageRef } from '../../src/model.js';
import type { Clock } from '../../src/ports/clock.js';
import { createSpacedLane } from '../../src/upstream/paced-queue.js';
import { NUMBER_EMOJI } from '../../src/delivery/layout.js';
import { headerBlocks, listBlocks, paperBlocks, SLACK_NUMBER_NAMES } from './blocks.js';

/** Slack errors that mean the bot cannot post here until someone fixes it. */
const LOST_ACCESS: Record<string, string> = {
  channel_not_found: 'the channel was not found (channel_not_found)',
  not_in_channel: 'the bot is not a member of this channel (not_in_channel)',
  is_archived: 'the channel is archived (is_archived)',
  restricted_action: 'posting here is restricted (restricted_action)',
  missing_scope: 'the app lacks a scope it needs (missing_scope); reinstall it from slack/manifest.yml',
  message_not_found: 'the message no longer exists (message_not_found)',
  user_disabled: "this person's Slack account is deactivated (user_disabled)",
  user_not_found: 'this person is not in the workspace any more (user_not_found)',
  user_not_visible: 'the bot may not see this person (user_not_visible)',
};

/** The metadata event type that marks a digest message with its slot key. */
export const SLOT_EVENT = 'paperfeed_slot';
/** Attempts of one post: re-sent only after `find` showed the earlier one did not land, or after a 429. */
const ATTEMPTS = 4;
/** How far before an uncertain post's send time `find` starts looking (clock skew, ms). */
const FIND_SLACK_MS = 60_000;
/** A 429's Retry-After longer than this fails the post; the delivery is retried later. */
const MAX_RETRY_AFTER_S = 120;

export interface SlackPosterOptions {
  /** Times the spacing, the pauses and Retry-After waits, and when a post was sent. */
  clock: Clock;
  /** Spacing of posts to one channel (ms, default 1000). */
  spacingMs?: number;
  /** Pause before re-sending a post that did not land (ms, default 1000). */
  retryDelayMs?: number;
}

/**
 * Posts digest messages. `chat.postMessage` is limited to about one message per second per
 * channel (https://docs.slack.dev/apis/web-api/rate-limits): posts to one channel are spaced.
 *
 * Slack has no idempotency key, so `client` must not retry by itself (retries 0,
 * rejectRateLimitedCalls): a post whose answer is lost (a dropped connection, a timeout, a 5xx)
 * may have landed. Each post carries its slot key in message metadata; after an unknown outcome
 * the poster looks the key up in the channel's recent history (`conversations.history` with
 * `include_all_metadata`, scopes channels:history / groups:history) and re-sends only when it is
 * not there. A 429 means the post was not accepted: it waits Retry-After and sends again.
 */
export function createSlackPoster(client: webApi.WebClient, options: SlackPosterOptions): ChannelPoster {
  const { clock } = options;
  const spacingMs = options.spacingMs ?? 1000;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const lanes = new Map<string, ReturnType<typeof createSpacedLane>>();
  const inLane = <T>(channel: string, work: () => Promise<T>): Promise<T> => {
    let lane = lanes.get(channel);
    if (!lane) lanes.set(channel, (lane = createSpacedLane(spacingMs, clock)));
    return lane(work);
  };

  /** Looks for the slot's message: in the channel's history, or (a thread reply) among the thread's replies. */
  async function find(
    channel: ChannelRef,
    key: string,
    since: number,
    thread?: MessageRef,
  ): Promise<MessageRef | undefined> {
    try {
      const window = {
        channel: channel.channelId,
        oldest: ((since - FIND_SLACK_MS) / 1000).toFixed(6),
        include_all_metadata: true,
        limit: 200,
      };
      // conversations.history leaves thread replies out; conversations.replies lists them (same scopes).
      const res = thread
        ? await client.conversations.replies({ ...window, ts: thread.messageId })
        : await client.conversations.history(window);
      const hit = (res.messages ?? []).find(
        (m) =>
          m.metadata?.event_type === SLOT_EVENT &&
          (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key,
      );
      return hit?.ts ? { platform: 'slack', channelId: channel.channelId, messageId: hit.ts } : undefined;
    } catch (error) {
      if (thread && (error as { data?: { error?: string } }).data?.error === 'thread_not_found')
        throw new ThreadParentGone("the day's header message was deleted (thread_not_found)", { cause: error });
      throw asPostError(error, 'could not check whether an earlier post landed: ');
    }
  }

  /** Deletes a reply Slack posted outside its thread and says so; one it cannot delete stays, posted once. */
  async function unthreaded(channel: ChannelRef, ts: string): Promise<void> {
    const removed = await client.chat.delete({ channel: channel.channelId, ts }).then(
      () => true,
      () => false,
    );
    if (removed)
      throw new ThreadParentGone("the day's header message was deleted (the reply landed outside its thread)");
  }

  return {
    post(channel, message, opts) {
      const body =
        message.kind === 'header'
          ? headerBlocks(message.text)
          : message.kind === 'list'
            ? listBlocks(message.text, message.cards)
            : paperBlocks(message.card);
      const metadata = opts?.key ? { metadata: { event_type: SLOT_EVENT, event_payload: { key: opts.key } } } : {};
      const parent = opts?.thread?.parent;
      const thread = parent ? { thread_ts: parent.messageId } : {};
      return inLane(channel.channelId, async () => {
        const sentAt = clock.now();
        for (let attempt = 1; ; attempt++) {
          try {
            const res = await client.chat.postMessage({
              channel: channel.channelId,
              ...body,
              ...metadata,
              ...thread,
              unfurl_links: false,
              unfurl_media: false,
            });
            if (!res.ts) throw new PostError('Slack did not return a message timestamp', false);
            // A reply whose parent was deleted is posted outside the thread, without thread_ts
            // (slack-go/slack#1571): take it back, so delivery posts the header again and the reply under it.
            if (parent && res.message?.thread_ts !== parent.messageId) await unthreaded(channel, res.ts);
            return { platform: 'slack', channelId: channel.channelId, messageId: res.ts };
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (error instanceof PostError || code === webApi.ErrorCode.PlatformError || attempt >= ATTEMPTS)
              throw asPostError(error);
            if (code === webApi.ErrorCode.RateLimitedError) {
              const retryAfter = (error as { retryAfter?: number }).retryAfter ?? 1;
              if (retryAfter > MAX_RETRY_AFTER_S) throw asPostError(error);
              await clock.sleep(retryAfter * 1000);
              continue;
            }
            // The outcome is unknown: re-send only if the post is not in the channel.
            if (opts?.key) {
              const landed = await find(channel, opts.key, sentAt, parent);
              if (landed) return landed;
            }
            await clock.sleep(retryDelayMs * attempt);
          }
        }
      });
    },
    find: (channel, _message, { key, since, thread }) => find(channel, key, since, thread?.parent),
    async react(ref, emojis) {
      for (const emoji of emojis) {
        const i = NUMBER_EMOJI.indexOf(emoji);
        const name = i >= 0 ? SLACK_NUMBER_NAMES[i] : undefined;
        if (!name) continue;
        try {
          await client.reactions.add({ channel: ref.channelId, timestamp: ref.messageId, name });
        } catch (error) {
          // Added before (a resumed day): nothing to do. Adding needs the reactions:write scope.
          if ((error as { data?: { error?: string } }).data?.error !== 'already_reacted')
            throw asPostError(error, 'could not add the number reactions: ');
        }
      }
    },
    // A person's own posts go to the app's DM with them (its Messages tab). conversations.open
    // (scope im:write) answers the existing one; for a deactivated account it answers user_disabled,
    // where chat.postMessage to the old DM would still succeed unseen.
    async openDirect(person) {
      try {
        const res = await client.conversations.open({ users: person.userId });
        const id = res.channel?.id;
        if (!id) throw new PostError('Slack did not return the direct message', false);
        return { platform: 'slack', teamId: person.teamId, channelId: id };
      } catch (error) {
        throw asPostError(error, 'could not open a direct message: ');
      }
    },
    // Live cards: chat.update keeps the message's ts. It is Tier 3 (about 50 a minute per
    // workspace); the live-card queue paces edits, and a 429 still waits out its Retry-After.
    async edit(ref, message) {
      const body =
        message.kind === 'header'
          ? headerBlocks(message.text)
          : message.kind === 'list'
            ? listBlocks(message.text, message.cards)
            : paperBlocks(message.card);
      for (let attempt = 1; ; attempt++) {
        try {
          await client.chat.update({ channel: ref.channelId, ts: ref.messageId, ...body });
          return;
        } catch (error) {
          const retryAfter =
            (error as { code?: string; retryAfter?: number }).code === webApi.ErrorCode.RateLimitedError
              ? ((error as { retryAfter?: number }).retryAfter ?? 1)
              : undefined;
          if (retryAfter === undefined || retryAfter > MAX_RETRY_AFTER_S || attempt >= ATTEMPTS)
            throw asPostError(error, 'could not edit a card: ');
          await clock.sleep(retryAfter * 1000);
        }
      }
    },
  };
}

function asPostError(error: unknown, prefix = ''): PostError {
  if (error instanceof PostError) return error;
  const code = (error as { data?: { error?: string } }).data?.error ?? '';
  if (LOST_ACCESS[code]) return new PostError(prefix + LOST_ACCESS[code]!, true, { cause: error });
  return new PostError(prefix + (code || (error instanceof Error ? error.message : String(error))), false, {
    cause: error,
  });
}
