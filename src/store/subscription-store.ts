import { feedKey, type ChannelRef } from '../model.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { Backend } from './backend.js';
import { SUBSCRIPTIONS_MAP } from './keys.js';

type Where = Pick<ChannelRef, 'platform' | 'channelId'>;

/**
 * Subscriptions, one per feed (a channel's default feed, or a named one). Each feed is its own
 * field, so feeds and channels never overwrite each other. `feed` absent means the default feed.
 */
export interface SubscriptionStore {
  get(channel: Where, feed?: string): Promise<Subscription | undefined>;
  put(sub: Subscription): Promise<void>;
  /**
   * Changes the channel's subscription atomically. `change` gets the stored one (undefined: none)
   * and returns the next (undefined: remove it; the same object: leave it); it runs again when
   * another writer changed the subscription in between, so concurrent updates never overwrite
   * each other. Returns what is stored afterwards.
   */
  update(
    channel: Where,
    change: (sub: Subscription | undefined) => Subscription | undefined,
    feed?: string,
  ): Promise<Subscription | undefined>;
  /** True when there was one to remove. */
  remove(channel: Where, feed?: string): Promise<boolean>;
  list(): Promise<Subscription[]>;
  /** The channel's feeds, the default one first, then by name. */
  inChannel(channel: Where): Promise<Subscription[]>;
}

/** Compare-and-set retries before giving up; each retry means another writer won a race. */
const MAX_ATTEMPTS = 50;

export function createSubscriptionStore(backend: Backend): SubscriptionStore {
  const list = async () =>
    [...(await backend.mapEntries(SUBSCRIPTIONS_MAP)).values()].map((raw) => JSON.parse(raw) as Subscription);
  return {
    async get(channel, feed) {
      const raw = await backend.mapGet(SUBSCRIPTIONS_MAP, feedKey(channel, feed));
      return raw ? (JSON.parse(raw) as Subscription) : undefined;
    },
    async put(sub) {
      await backend.mapSet(SUBSCRIPTIONS_MAP, feedKey(sub.channel, sub.feed), JSON.stringify(sub));
    },
    async update(channel, change, feed) {
      const key = feedKey(channel, feed);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const raw = await backend.mapGet(SUBSCRIPTIONS_MAP, key);
        const current = raw ? (JSON.parse(raw) as Subscription) : undefined;
        const next = change(current);
        if (next === current) return current;
        if (await backend.mapCompareAndSet(SUBSCRIPTIONS_MAP, key, raw, next ? JSON.stringify(next) : undefined))
          return next;
      }
      throw new Error(`the subscription of ${key} kept changing under ${MAX_ATTEMPTS} updates in a row`);
    },
    async remove(channel, feed) {
      return backend.mapDelete(SUBSCRIPTIONS_MAP, feedKey(channel, feed));
    },
    list,
    async inChannel(channel) {
      const all = await list();
      const mine = all.filter(
        (s) => s.channel.platform === channel.platform && s.channel.channelId === channel.channelId,
      );
      return mine.sort((a, b) => (a.feed ?? '').localeCompare(b.feed ?? ''));
    },
  };
}
