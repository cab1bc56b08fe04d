import type { ChannelPoster, Outgoing } from '../../src/delivery.js';
import type { ChannelRef, MessageRef } from '../../src/model.js';
import type { Backend } from '../../src/store/backend.js';

/** One message a fake platform accepted. */
export interface FakePost {
  channelId: string;
  kind: Outgoing['kind'];
  /** The header's text, or the paper's id. */
  text: string;
  /** Which poster (instance) sent it. */
  by: string;
  messageId: string;
}

/** Runs before the poster's `n`-th post (0-based); may throw (a failure, a crash) or never settle (a hang). */
export type BeforePost = (n: number, message: Outgoing, channel: ChannelRef) => void | Promise<void>;

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
    poster(by = 'a', before?: BeforePost): ChannelPoster & { count: number } {
      const poster = {
        count: 0,
        async post(channel: ChannelRef, message: Outgoing): Promise<MessageRef> {
          const n = poster.count++;
          await before?.(n, message, channel);
          const messageId = String(++seq);
          posts.push({ channelId: channel.channelId, kind: message.kind, text: message.kind === 'header' ? message.text : message.card.paperId, by, messageId });
          return { platform: channel.platform, channelId: channel.channelId, messageId };
        },
      };
      return poster;
    },
  };
}

/** A promise that never settles: what a killed process's pending calls look like from outside. */
export const never = <T = never>(): Promise<T> => new Promise<T>(() => undefined);

/**
 * A backend whose process can be "killed": after `kill()` no call reaches the store any more (they
 * never settle), so the lease is neither renewed nor released, exactly as after a crash.
 */
export function killable(backend: Backend): { backend: Backend; kill(): void } {
  let dead = false;
  const proxy = new Proxy(backend, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (dead ? never() : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  return { backend: proxy, kill: () => void (dead = true) };
}

/** Polls `check` until it is true (every 20 ms, at most `timeoutMs`). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'a condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
