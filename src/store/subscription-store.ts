import { randomBytes } from 'node:crypto';
import { channelKey, feedKey, teamKey, type ChannelRef } from '../model.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { Backend, MapWrite } from './backend.js';
import { MIGRATIONS_MAP, SUBSCRIPTION_INDEX_MIGRATION, SUBSCRIPTIONS_MAP, teamFeedsMap } from './keys.js';

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
  /** Every subscription (the scheduler's tick); commands ask for their team's or channel's. */
  list(): Promise<Subscription[]>;
  /** The feeds of a platform team (`platform:teamId`), read through the team's index. */
  inTeam(team: string): Promise<Subscription[]>;
  /** The channel's feeds, the default one first, then by name, read through its team's index. */
  inChannel(channel: ChannelRef): Promise<Subscription[]>;
}

/** Compare-and-set retries before giving up; each retry means another writer won a race. */
const MAX_ATTEMPTS = 50;
/** Index entries written per batch while moving subscriptions stored before the index (bounded statements). */
const MIGRATION_BATCH = 500;

/** A fresh value for an index entry: each write is told apart, so a removal can tell whether another came after it. */
const token = () => randomBytes(6).toString('hex');
const parse = (raw: string) => JSON.parse(raw) as Subscription;

/**
 * Each team's feeds are also listed in the team's own index map (field: feed key), so a command
 * reads its team's or channel's subscriptions without reading everyone's. The index is kept
 * without a transaction across the two maps, by order: whatever creates a subscription writes a
 * fresh index value before and after storing it, and a removal deletes the index entry only if it
 * still holds the value read before the removal. So a stored subscription always has its entry,
 * however creations and removals race across instances; an entry may outlive its subscription
 * (a crash between the two writes), which readers skip. A subscription an older version created
 * during a rolling upgrade gets its entry with its next change (every delivery records one); its
 * channel's default feed is found meanwhile, and the scheduler reads `list()`, which needs no index.
 */
export function createSubscriptionStore(backend: Backend): SubscriptionStore {
  const list = async () => [...(await backend.mapEntries(SUBSCRIPTIONS_MAP)).values()].map(parse);
  const indexOf = (sub: Subscription) => teamFeedsMap(teamKey(sub.channel));
  const indexed = (sub: Subscription) => backend.mapSet(indexOf(sub), feedKey(sub.channel, sub.feed), token());
  /** Reads the entry a removal of `sub` may delete afterwards; deletes it only while unchanged. */
  const unindex = async (sub: Subscription, entry: string | undefined) => {
    if (entry !== undefined)
      await backend.mapCompareAndSet(indexOf(sub), feedKey(sub.channel, sub.feed), entry, undefined);
  };
  const entryOf = (sub: Subscription) => backend.mapGet(indexOf(sub), feedKey(sub.channel, sub.feed));
  const reindex = (sub: Subscription, created: boolean) =>
    created ? indexed(sub) : backend.mapSetIfAbsent(indexOf(sub), feedKey(sub.channel, sub.feed), token());
  const ready = migrateOnce(backend);

  /** `team`'s subscriptions its index lists (those `keep` keeps) and those under `also`; entries that outlived theirs are skipped. */
  async function indexedIn(team: string, keep: (key: string) => boolean, also: string[] = []): Promise<Subscription[]> {
    await ready();
    const listed = [...(await backend.mapEntries(teamFeedsMap(team))).keys()].filter(keep);
    const keys = [...new Set([...also, ...listed])];
    if (keys.length === 0) return [];
    const raws = await backend.mapGetMany(SUBSCRIPTIONS_MAP, keys);
    return raws.flatMap((raw) => (raw ? [parse(raw)] : [])).filter((s) => teamKey(s.channel) === team);
  }

  const update: SubscriptionStore['update'] = async (channel, change, feed) => {
    const key = feedKey(channel, feed);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = await backend.mapGet(SUBSCRIPTIONS_MAP, key);
      const current = raw ? parse(raw) : undefined;
      const next = change(current);
      if (next === current) return current;
      if (next && !current) await indexed(next);
      const entry = current && !next ? await entryOf(current) : undefined;
      if (await backend.mapCompareAndSet(SUBSCRIPTIONS_MAP, key, raw, next ? JSON.stringify(next) : undefined)) {
        // After the change is stored, index writes are best effort: a failure there must not report a
        // stored change as failed. A creation writes again (see above), and any later change of a
        // subscription restores an entry that is missing (one stored by an older version, say).
        if (next) await reindex(next, !current).catch(() => undefined);
        else await unindex(current!, entry).catch(() => undefined);
        return next;
      }
    }
    throw new Error(`the subscription of ${key} kept changing under ${MAX_ATTEMPTS} updates in a row`);
  };

  return {
    async get(channel, feed) {
      const raw = await backend.mapGet(SUBSCRIPTIONS_MAP, feedKey(channel, feed));
      return raw ? parse(raw) : undefined;
    },
    async put(sub) {
      await indexed(sub);
      await backend.mapSet(SUBSCRIPTIONS_MAP, feedKey(sub.channel, sub.feed), JSON.stringify(sub));
      await indexed(sub).catch(() => undefined);
    },
    update,
    async remove(channel, feed) {
      let removed = false;
      await update(
        channel,
        (cur) => {
          removed = cur !== undefined;
          return undefined;
        },
        feed,
      );
      return removed;
    },
    list,
    inTeam: (team) => indexedIn(team, () => true),
    async inChannel(channel) {
      // The default feed is read by its key as well: it is found even without its index entry.
      const key = channelKey(channel);
      const mine = await indexedIn(teamKey(channel), (k) => k === key || k.startsWith(`${key}#`), [key]);
      return mine
        .filter((s) => channelKey(s.channel) === key)
        .sort((a, b) => (a.feed ?? '').localeCompare(b.feed ?? ''));
    },
  };
}

/**
 * Indexes the subscriptions stored before teams had an index, once per store: the first lookup by
 * team (in any instance) writes an entry for each, then marks the store as moved. Entries already
 * there are kept, so instances doing it at once, or creating and removing meanwhile, agree.
 * A failure (the store down) is tried again at the next lookup.
 */
function migrateOnce(backend: Backend): () => Promise<void> {
  let done: Promise<void> | undefined;
  const migrate = async () => {
    if (await backend.mapGet(MIGRATIONS_MAP, SUBSCRIPTION_INDEX_MIGRATION)) return;
    const writes: MapWrite[] = [...(await backend.mapEntries(SUBSCRIPTIONS_MAP))].map(([key, raw]) => ({
      map: teamFeedsMap(teamKey(parse(raw).channel)),
      field: key,
      setIfAbsent: token(),
    }));
    for (let i = 0; i < writes.length; i += MIGRATION_BATCH) await backend.batch(writes.slice(i, i + MIGRATION_BATCH));
    await backend.mapSetIfAbsent(MIGRATIONS_MAP, SUBSCRIPTION_INDEX_MIGRATION, String(writes.length));
  };
  return () =>
    (done ??= migrate().catch((error: unknown) => {
      done = undefined;
      throw error;
    }));
}
