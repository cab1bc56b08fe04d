import type { ChannelPoster, Outgoing } from '../../src/delivery/channel-poster.js';
import type { ChannelRef, MessageRef } from '../../src/model.js';

/** One message a fake platform accepted. */
export interface FakePost {
  channelId: string;
  kind: Outgoing['kind'];
  /** The header's text, or the paper's id. */
  text: string;
  /** Which poster (instance) sent it. */
  by: string;
  messageId: string;
  /** The slot's de-duplication key the delivery passed. */
  key?: string;
  /** When it landed (the test's wall clock, ms). */
  at: number;
}

/** Runs before the poster's `n`-th post (0-based); may throw (a failure, a crash) or never settle (a hang). */
export type BeforePost = (n: number, message: Outgoing, channel: ChannelRef) => void | Promise<void>;

/**
 * Runs after the `n`-th post landed, before its answer reaches the poster: throwing loses the
 * answer (the message is in the channel, the caller sees an error), never settling is a process
 * killed with the post in flight.
 */
export type AfterPost = (n: number, post: FakePost) => void | Promise<void>;

export interface FakePosterOptions {
  after?: AfterPost;
  /** Offer `find` (look a key up in the channel), as both platform posters do. Default true. */
  find?: boolean;
  /** Channels that are forums (Discord forum channels: one post per paper). */
  forums?: readonly string[];
}
/**
 * Chat channels in memory, shared by every instance's poster, so a test can count what each
 * channel received however many instances posted it.
 */
export function createFakeChannels() {
  const posts: FakePost[] = [];
  let seq = 0;
  return {
    posts,
    in: (channelId: string) => posts.filter((p) => p.channelId === channelId),
    /** A poster for one instance; `before` injects failures. */
    poster(by = 'a', before?: BeforePost, o: FakePosterOptions = {}): ChannelPoster & { count: number } {
      const ref = (p: FakePost): MessageRef => ({
        platform: 'discord',
        channelId: p.channelId,
        messageId: p.messageId,
      });
      const poster: ChannelPoster & { count: number } = {
        count: 0,
        async post(channel, message, options) {
          const n = poster.count++;
          await before?.(n, message, channel);
          const post: FakePost = {
            channelId: channel.channelId,
            kind: message.kind,
            text: message.kind === 'paper' ? message.card.paperId : message.text,
            by,
            messageId: String(++seq),
            key: options?.key,
            at: Date.now(),
          };
          posts.push(post);
          await o.after?.(n, post);
          return { ...ref(post), platform: channel.platform };
        },
      };
      if (o.forums) poster.isForum = async (channel) => o.forums!.includes(channel.channelId);
      if (o.find !== false) {
        poster.find = async (channel, _message, { key }) => {
          const hit = posts.find((p) => p.channelId === channel.channelId && p.key === key);
          return hit && { ...ref(hit), platform: channel.platform };
        };
      }
      return poster;
    },
  };
}

/** A promise that never settles: what a killed process's pending calls look like from outside. */
export const never = <T = never>(): Promise<T> => new Promise<T>(() => undefined);

/** Polls `check` until it is true (every 20 ms, at most `timeoutMs`). */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'a condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
