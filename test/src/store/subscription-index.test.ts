import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { feedKey, type ChannelRef } from '../../../src/model.js';
import type { Backend } from '../../../src/store/backend.js';
import { SUBSCRIPTIONS_MAP } from '../../../src/store/keys.js';
import { createSubscriptionStore } from '../../../src/store/subscription-store.js';
import type { Subscription } from '../../../src/subscriptions/subscription.js';
import { backendCases, sharedBackend } from '../../support/backends.js';

const channel = (teamId: string, channelId: string): ChannelRef => ({ platform: 'discord', teamId, channelId });

const sub = (where: ChannelRef, feed?: string): Subscription => ({
  channel: where,
  ...(feed ? { feed } : {}),
  time: '09:00',
  timeZone: 'Europe/Berlin',
  settings: { count: 5, keywords: [], minUpvotes: 0 },
  day: 'previous',
  emptyDayNote: true,
  createdAt: '2026-06-12T00:00:00Z',
  createdBy: 'u1',
  failures: 0,
});

/** The backend, with every read of the whole subscription map counted. */
function countingScans(backend: Backend): { backend: Backend; scans: () => number } {
  let scans = 0;
  const counted: Backend = {
    ...backend,
    mapEntries: (map) => {
      if (map === SUBSCRIPTIONS_MAP) scans++;
      return backend.mapEntries(map);
    },
    mapEntriesMany: (maps) => {
      if (maps.includes(SUBSCRIPTIONS_MAP)) scans++;
      return backend.mapEntriesMany(maps);
    },
  };
  return { backend: counted, scans: () => scans };
}

/** A promise and its resolve, for holding one side of a race at a chosen point. */
function gate(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const keysOf = (subs: readonly Subscription[]) => subs.map((s) => feedKey(s.channel, s.feed)).sort();

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`subscriptions by team and channel on ${c.name}`, () => {
    if (c.skip) console.log(`skipping the ${c.name} subscription index: ${c.skip}`);
    afterEach(() => c.cleanup());
    const namespace = () => `test-${randomUUID()}`;

    it("finds a team's and a channel's feeds without reading every subscription", async () => {
      const shared = await sharedBackend(c);
      const { backend, scans } = countingScans(shared.first);
      const subs = createSubscriptionStore(backend);
      await subs.put(sub(channel('g1', 'c1')));
      await subs.update(channel('g1', 'c1'), () => sub(channel('g1', 'c1'), 'evening'), 'evening');
      await subs.put(sub(channel('g1', 'c2')));
      for (let i = 0; i < 20; i++) await subs.put(sub(channel(`other${i}`, `x${i}`)));
      // The first lookup in a store checks once for subscriptions stored before the index (one scan, ever).
      expect(await subs.inTeam('discord:nobody')).toEqual([]);
      expect(scans()).toBeLessThanOrEqual(1);
      const before = scans();
      const later = countingScans(await shared.another());
      for (const store of [subs, createSubscriptionStore(later.backend)]) {
        expect(keysOf(await store.inTeam('discord:g1'))).toEqual(['discord:c1', 'discord:c1#evening', 'discord:c2']);
        expect((await store.inChannel(channel('g1', 'c1'))).map((s) => s.feed)).toEqual([undefined, 'evening']);
      }
      expect([scans(), later.scans()]).toEqual([before, 0]);
      expect((await subs.list()).length).toBe(23);
    });

    it('forgets a removed feed in its team, and keeps the others', async () => {
      const subs = createSubscriptionStore(await c.open(namespace()));
      await subs.put(sub(channel('g1', 'c1')));
      await subs.put(sub(channel('g1', 'c1'), 'evening'));
      expect(await subs.remove(channel('g1', 'c1'))).toBe(true);
      await subs.update(channel('g1', 'c1'), () => undefined, 'evening');
      await subs.put(sub(channel('g1', 'c2')));
      expect(keysOf(await subs.inTeam('discord:g1'))).toEqual(['discord:c2']);
      expect(await subs.inChannel(channel('g1', 'c1'))).toEqual([]);
    });

    it('finds subscriptions stored before teams had an index', async () => {
      const shared = await sharedBackend(c);
      const backend = shared.first;
      for (const s of [sub(channel('g1', 'c1')), sub(channel('g1', 'c1'), 'evening'), sub(channel('g2', 'c9'))])
        await backend.mapSet(SUBSCRIPTIONS_MAP, feedKey(s.channel, s.feed), JSON.stringify(s));
      const [one, two] = [createSubscriptionStore(backend), createSubscriptionStore(backend)];
      const [a, b] = await Promise.all([one.inTeam('discord:g1'), two.inChannel(channel('g2', 'c9'))]);
      expect(keysOf(a)).toEqual(['discord:c1', 'discord:c1#evening']);
      expect(keysOf(b)).toEqual(['discord:c9']);
      // Once moved, a later instance finds them too, and what was removed stays removed.
      await one.remove(channel('g1', 'c1'));
      expect(keysOf(await createSubscriptionStore(await shared.another()).inTeam('discord:g1'))).toEqual([
        'discord:c1#evening',
      ]);
    });

    it('keeps finding a feed subscribed again while another instance was still unsubscribing it', async () => {
      const shared = await sharedBackend(c);
      const where = channel('g1', 'c1');
      const creator = createSubscriptionStore(shared.first);
      await creator.put(sub(where));
      expect(keysOf(await creator.inTeam('discord:g1'))).toEqual(['discord:c1']); // past the one-time move
      // The remover stops at its first write to the team's index, after the subscription itself is gone.
      const reached = gate();
      const release = gate();
      const raw = await shared.another();
      const held =
        <A extends unknown[], R>(write: (map: string, ...rest: A) => Promise<R>) =>
        async (map: string, ...rest: A): Promise<R> => {
          if (map.startsWith('team-feeds:')) {
            reached.resolve();
            await release.promise;
          }
          return write(map, ...rest);
        };
      const remover = createSubscriptionStore({
        ...raw,
        mapDelete: held(raw.mapDelete),
        mapCompareAndSet: held(raw.mapCompareAndSet),
        mapSet: held(raw.mapSet),
      });
      const removal = remover.remove(where);
      await reached.promise;
      expect(await creator.get(where)).toBeUndefined();
      await creator.update(where, (cur) => cur ?? sub(where));
      release.resolve();
      expect(await removal).toBe(true);
      expect(await creator.get(where)).toBeDefined();
      expect(keysOf(await creator.inTeam('discord:g1'))).toEqual(['discord:c1']);
    });

    it('keeps finding a feed whose subscribe was overtaken by another subscribe and an unsubscribe', async () => {
      const shared = await sharedBackend(c);
      const where = channel('g1', 'c1');
      const other = createSubscriptionStore(shared.first);
      expect(await other.inTeam('discord:g1')).toEqual([]); // past the one-time move
      // The slow instance stops just before it stores its subscription.
      const reached = gate();
      const release = gate();
      const raw = await shared.another();
      const slow = createSubscriptionStore({
        ...raw,
        mapCompareAndSet: async (map, ...rest) => {
          if (map === SUBSCRIPTIONS_MAP) {
            reached.resolve();
            await release.promise;
          }
          return raw.mapCompareAndSet(map, ...rest);
        },
      });
      const subscribing = slow.update(where, (cur) => cur ?? { ...sub(where), time: '07:00' });
      await reached.promise;
      await other.update(where, (cur) => cur ?? sub(where));
      expect(await other.remove(where)).toBe(true);
      release.resolve();
      expect((await subscribing)?.time).toBe('07:00');
      expect(keysOf(await other.inTeam('discord:g1'))).toEqual(['discord:c1']);
    });

    it('finds a feed whose instance could not write to the index once the feed was stored', async () => {
      const shared = await sharedBackend(c);
      const where = channel('g1', 'c1');
      const other = createSubscriptionStore(shared.first);
      expect(await other.inTeam('discord:g1')).toEqual([]); // past the one-time move
      const raw = await shared.another();
      let stored = false;
      const failing = createSubscriptionStore({
        ...raw,
        mapCompareAndSet: async (map, ...rest) => {
          const changed = await raw.mapCompareAndSet(map, ...rest);
          stored ||= map === SUBSCRIPTIONS_MAP && changed;
          return changed;
        },
        mapSet: async (map, ...rest) => {
          if (stored && map.startsWith('team-feeds:')) throw new Error('the store went away');
          return raw.mapSet(map, ...rest);
        },
      });
      expect((await failing.update(where, () => sub(where, 'evening'), 'evening'))?.feed).toBe('evening');
      expect(keysOf(await other.inChannel(where))).toEqual(['discord:c1#evening']);
    });

    it('finds a feed an older version stored during an upgrade: its default feed at once, any feed once it changes', async () => {
      const shared = await sharedBackend(c);
      const subs = createSubscriptionStore(shared.first);
      expect(await subs.inTeam('discord:g1')).toEqual([]); // past the one-time move
      const where = channel('g1', 'c1');
      for (const s of [sub(where), sub(where, 'evening')])
        await shared.first.mapSet(SUBSCRIPTIONS_MAP, feedKey(s.channel, s.feed), JSON.stringify(s));
      expect(keysOf(await subs.inChannel(where))).toEqual(['discord:c1']);
      await subs.update(where, (s) => s && { ...s, time: '18:00' }, 'evening');
      expect(keysOf(await subs.inChannel(where))).toEqual(['discord:c1', 'discord:c1#evening']);
      await subs.update(where, (s) => s && { ...s, time: '07:00' });
      expect(keysOf(await subs.inTeam('discord:g1'))).toEqual(['discord:c1', 'discord:c1#evening']);
    });

    it('never loses a feed from its team while instances subscribe and unsubscribe it at once', async () => {
      const shared = await sharedBackend(c);
      const stores = [
        createSubscriptionStore(shared.first),
        createSubscriptionStore(await shared.another()),
        createSubscriptionStore(await shared.another()),
      ];
      const where = channel('g1', 'c1');
      for (let round = 0; round < 15; round++) {
        await Promise.all(
          stores.map((s, i) => (i === round % 3 ? s.remove(where) : s.update(where, (cur) => cur ?? sub(where)))),
        );
        const stored = await stores[0]!.get(where);
        const found = await stores[round % 3]!.inTeam('discord:g1');
        expect(keysOf(found), `round ${round}`).toEqual(stored ? ['discord:c1'] : []);
      }
    });
  });
}
