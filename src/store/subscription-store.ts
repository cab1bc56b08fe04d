import { channelKey, type ChannelRef } from '../model.js';
import type { Subscription } from '../subscription.js';
import type { Backend } from './backend.js';

/** One subscription per channel. Each channel is its own field, so channels never overwrite each other. */
export interface SubscriptionStore {
  get(channel: Pick<ChannelRef, 'platform' | 'channelId'>): Promise<Subscription | undefined>;
  put(sub: Subscription): Promise<void>;
  /**
   * Changes the channel's subscription atomically. `change` gets the stored one (undefined: none)
   * and returns the next (undefined: remove it; the same object: leave it); it runs again when
   * another writer changed the subscription in between, so concurrent updates never overwrite
   * each other. Returns what is stored afterwards.
   */
  update(channel: Pick<ChannelRef, 'platform' | 'channelId'>, change: (sub: Subscription | undefined) => Subscription | undefined): Promise<Subscription | undefined>;
  /** True when there was one to remove. */
  remove(channel: Pick<ChannelRef, 'platform' | 'channelId'>): Promise<boolean>;
  list(): Promise<Subscription[]>;
}

const MAP = 'subscriptions';
/** Compare-and-set retries before giving up; each retry means another writer won a race. */
const MAX_ATTEMPTS = 50;

export function createSubscriptionStore(backend: Backend): SubscriptionStore {
  return {
    async get(channel) {
      const raw = await backend.mapGet(MAP, channelKey(channel));
      return raw ? (JSON.parse(raw) as Subscription) : undefined;
    },
    async put(sub) {
      await backend.mapSet(MAP, channelKey(sub.channel), JSON.stringify(sub));
    },
    async update(channel, change) {
      const key = channelKey(channel);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const raw = await backend.mapGet(MAP, key);
        const current = raw ? (JSON.parse(raw) as Subscription) : undefined;
        const next = change(current);
        if (next === current) return current;
        if (await backend.mapCompareAndSet(MAP, key, raw, next ? JSON.stringify(next) : undefined)) return next;
      }
      throw new Error(`the subscription of ${key} kept changing under ${MAX_ATTEMPTS} updates in a row`);
    },
    async remove(channel) {
      return backend.mapDelete(MAP, channelKey(channel));
    },
    async list() {
      return [...(await backend.mapEntries(MAP)).values()].map((raw) => JSON.parse(raw) as Subscription);
    },
  };
}
