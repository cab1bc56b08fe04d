import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/ports/clock.js';
import type { DeliveryOutcome, DeliveryRequest } from '../../../src/delivery/delivery.js';
import { DEFAULT_DIGEST_SETTINGS } from '../../../src/model.js';
import { createStores } from '../../../src/store/index.js';
import { backendCases, sharedBackend } from '../../support/backends.js';
import { channel, papersOn, startInstance, subscription } from '../../support/delivery-rig.js';
import { createFakeChannels, never, until } from '../../support/fake-channels.js';
import { crashingAt, killable, seeded, sleep, stallable } from '../../support/store-faults.js';

const NINE_BERLIN = '2026-06-12T07:00:00Z';
const THURSDAY = [
  'header',
  ...papersOn('2026-06-11')
    .slice(0, 5)
    .map((p) => p.id),
];
const LEASE_MS = 300;
/** The lease where no test waits for one to lapse: long enough that a loaded store never lets it lapse mid-digest. */
const HELD_LEASE_MS = 10_000;
/** The lease of a process killed at a store call: what its restart waits out. */
const CRASH_LEASE_MS = 100;
const slotsOf = (posts: { kind: string; text: string }[]) =>
  posts.map((p) => (p.kind === 'header' ? 'header' : p.text));
const digestRequest = (channelId: string, by: string): DeliveryRequest => ({
  channel: channel(channelId),
  day: '2026-06-11',
  settings: { ...DEFAULT_DIGEST_SETTINGS },
  by,
});
/** Seeded runs per race: more where a run is cheap. */
const runsOn = (backend: string) => (backend === 'memory' || backend === 'sqlite' ? 40 : 15);

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`delivery under faults on ${c.name}`, () => {
    if (c.skip) console.log(`skipping the ${c.name} delivery fault tests: ${c.skip}`);
    afterEach(() => c.cleanup());

    const shared = () => sharedBackend(c);

    const runs = runsOn(c.name);
    it(`two admins running digest while the schedule fires get one digest (${runs} seeded runs)`, async () => {
      const { first } = await shared();
      const clock = createManualClock(NINE_BERLIN);
      const chat = createFakeChannels();
      for (let run = 0; run < runs; run++) {
        const random = seeded(run + 1);
        const poster = chat.poster('one-process', () => sleep(Math.floor(random() * 3)));
        const bot = startInstance(first, { clock, poster, leaseMs: HELD_LEASE_MS });
        const id = `race${run}`;
        await bot.stores.subscriptions.put(subscription(id, { lastPostedDay: '2026-06-10' }));
        const attempts: Promise<DeliveryOutcome | string>[] = [
          bot.delivery.postDigest(digestRequest(id, 'discord:admin1')),
          bot.delivery.postDigest(digestRequest(id, 'discord:admin2')),
          bot.runner.tick().then((r) => r.find((x) => x.channel.channelId === id)?.outcome ?? 'none'),
        ];
        const order = attempts.map((p, i) =>
          sleep(Math.floor(random() * 3)).then(() => p.then((o) => [i, o] as const)),
        );
        const outcomes = (await Promise.all(order)).map(([, o]) => (typeof o === 'string' ? o : o.status));
        expect(
          outcomes.filter((o) => o === 'posted'),
          `run ${run}: ${outcomes.join(', ')}`,
        ).toHaveLength(1);
        expect(slotsOf(chat.in(id)), `run ${run}`).toEqual(THURSDAY);
      }
    });

    it('does not post a paper again when its answer was lost and the admin runs digest again', async () => {
      const { first } = await shared();
      const clock = createManualClock(NINE_BERLIN);
      const chat = createFakeChannels();
      const lossy = chat.poster('lossy', undefined, {
        after: (n) => {
          if (n === 3) throw new Error('socket hang up');
        },
      });
      const bot = startInstance(first, { clock, poster: lossy, leaseMs: HELD_LEASE_MS });
      await expect(bot.delivery.postDigest(digestRequest('c1', 'discord:admin'))).rejects.toThrow(/socket hang up/);
      expect(slotsOf(chat.in('c1'))).toEqual(THURSDAY.slice(0, 4)); // the 4th landed; its answer did not
      const again = await bot.delivery.postDigest(digestRequest('c1', 'discord:admin'));
      expect(again).toMatchObject({ status: 'posted', resumed: true });
      expect(slotsOf(chat.in('c1'))).toEqual(THURSDAY);
      const ledger = await bot.stores.ledger.get('discord:c1', '2026-06-11');
      expect(ledger?.messages.get(THURSDAY[3]!)?.messageId).toBe(chat.in('c1')[3]!.messageId);
    });

    it('does not post the in-flight paper twice when its holder is killed mid-post', async () => {
      const { first, another } = await shared();
      await createStores(first).subscriptions.put(subscription('c1', { lastPostedDay: '2026-06-10' }));
      const clock = createManualClock(NINE_BERLIN);
      const chat = createFakeChannels();
      const dying = killable(first);
      const killedMidPost = chat.poster('killed', undefined, {
        after: (n) => {
          if (n !== 2) return;
          dying.kill();
          return never(); // the message landed; the process died before hearing so
        },
      });
      void startInstance(dying.backend, { clock, poster: killedMidPost, leaseMs: LEASE_MS }).runner.tick();
      await until(() => killedMidPost.count === 3, 5000, 'the holder to be killed');
      const survivor = startInstance(await another(), { clock, poster: chat.poster('survivor'), leaseMs: LEASE_MS });
      await until(
        async () => (await survivor.runner.tick()).some((r) => r.outcome === 'posted'),
        5000,
        'the survivor to finish',
      );
      expect(slotsOf(chat.in('c1'))).toEqual(THURSDAY);
      expect(chat.posts.filter((p) => p.by === 'survivor')).toHaveLength(3);
    });

    it('a holder whose store link stalls past its lease stops, and the day is posted once', async () => {
      const { first, another } = await shared();
      const clock = createManualClock(NINE_BERLIN);
      const chat = createFakeChannels();
      const link = stallable(first);
      const stalling = chat.poster('stalled', (n) => (n === 1 ? link.stall(LEASE_MS * 3) : undefined));
      const holder = startInstance(link.backend, { clock, poster: stalling, leaseMs: LEASE_MS });
      const held = holder.delivery.postDigest(digestRequest('c1', 'schedule'));
      await until(() => stalling.count === 2, 5000, 'the stall');
      const other = startInstance(await another(), { clock, poster: chat.poster('other'), leaseMs: LEASE_MS });
      let taken: DeliveryOutcome = { status: 'busy' };
      await until(
        async () => (taken = await other.delivery.postDigest(digestRequest('c1', 'schedule'))).status !== 'busy',
        5000,
        'the takeover',
      );
      expect(taken.status).toBe('posted');
      expect(['busy', 'already']).toContain((await held).status); // never "posted": it did not finish the day
      expect(slotsOf(chat.in('c1'))).toEqual(THURSDAY);
    });

    it('a process killed at any store call leaves a day the restart completes: nothing repeated, every paper votable', async () => {
      const clock = createManualClock(NINE_BERLIN);
      // Memory and SQLite keep leases on this clock: a killed holder's lease lapses once the test
      // moves it on. Redis and PostgreSQL keep them on the server's clock: it lapses in real time.
      const { first, another } = await sharedBackend(c, { clock });
      const lapse = () => (first.shared ? undefined : clock.advance(CRASH_LEASE_MS));
      // How many store calls one clean delivery makes, to pick crash points across all of them.
      const probe = crashingAt(first, Number.MAX_SAFE_INTEGER);
      await startInstance(probe.backend, { clock, poster: createFakeChannels().poster('probe') }).delivery.postDigest(
        digestRequest('probe', 'schedule'),
      );
      const total = probe.calls();
      const random = seeded(7);
      const points =
        c.name === 'memory' || c.name === 'sqlite'
          ? Array.from({ length: total }, (_, i) => i + 1)
          : Array.from({ length: 10 }, () => 1 + Math.floor(random() * total));
      for (const k of points) {
        const chat = createFakeChannels();
        const id = `crash${k}-${randomUUID().slice(0, 8)}`;
        const doomed = crashingAt(first, k);
        let settled = false;
        void startInstance(doomed.backend, { clock, poster: chat.poster('doomed'), leaseMs: CRASH_LEASE_MS })
          .delivery.postDigest(digestRequest(id, 'schedule'))
          .finally(() => (settled = true));
        // A later run reads the day from the store's cache and makes fewer calls: it may finish first.
        await until(() => doomed.crashed() || settled, 5000, `the crash at call ${k}`);
        const restarted = startInstance(await another(), {
          clock,
          poster: chat.poster('restarted'),
          leaseMs: CRASH_LEASE_MS,
        });
        await until(
          async () => (lapse(), await restarted.delivery.postDigest(digestRequest(id, 'schedule'))).status !== 'busy',
          5000,
          `the restart after call ${k}`,
        );
        expect(slotsOf(chat.in(id)), `crash at store call ${k} of ${total}`).toEqual(THURSDAY);
        for (const post of chat.in(id).filter((p) => p.kind === 'paper')) {
          const ref = { platform: 'discord' as const, channelId: id, messageId: post.messageId };
          expect(await restarted.stores.ledger.paperForMessage(ref), `crash at store call ${k}`).toEqual({
            paperId: post.text,
            team: 'discord:g1',
          });
        }
        expect((await restarted.stores.ledger.postedPapers(`discord:${id}`)).size).toBe(5);
      }
    });
  });
}
