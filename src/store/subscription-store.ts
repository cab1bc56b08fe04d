import { channelKey, type ChannelRef } from '../model.js';
import type { Subscription } from '../subscription.js';
import type { Backend } from './backend.js';

/** One subscription per channel. Each channel is its own field, so channels never overwrite each other. */
export interface SubscriptionStore {
  get(channel: Pick<ChannelRef, 'platform' | 'channelId'>): Promise<Subscription | undefined>;
  put(sub: Subscription): Promise<void>;
  /** True when there was one to remove. */
  remove(channel: Pick<ChannelRef, 'platform' | 'channelId'>): Promise<boolean>;
  list(): Promise<Subscription[]>;
}

const MAP = 'subscriptions';

export function createSubscriptionStore(backend: Backend): SubscriptionStore {
  return {
    async get(channel) {
      const raw = await backend.mapGet(MAP, channelKey(channel));
      return raw ? (JSON.parse(raw) as Subscription) : undefined;
    },
    async put(sub) {
      await backend.mapSet(MAP, channelKey(sub.channel), JSON.stringify(sub));
    },
    async remove(channel) {
      return backend.mapDelete(MAP, channelKey(channel));
    },
    async list() {
      return [...(await backend.mapEntries(MAP)).values()].map((raw) => JSON.parse(raw) as Subscription);
    },
  };
}
