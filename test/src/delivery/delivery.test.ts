import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/ports/clock.js';
import { PostError } from '../../../src/delivery/channel-poster.js';
import type { Backend } from '../../../src/store/backend.js';
import { createStores } from '../../../src/store/index.js';
import { backendCases } from '../../support/backends.js';
import { channel, papersOn, startInstance, subscription } from '../../support/delivery-rig.js';
import { createFakeChannels, never, until } from '../../support/fake-channels.js';
import { killable } from '../../support/store-faults.js';

/** Friday 2026-06-12, 09:00 in Berlin: the 09:00 subscription is due with Thursday's list. */
const NINE_BERLIN = '2026-06-12T07:00:00Z';
/** What a complete Thursday digest is: the header, then the five best papers, in order. */
const THURSDAY = [
  'header',
  ...papersOn('2026-06-11')
    .slice(0, 5)
    .map((p) => p.id),
];
/** Short leases, so a crashed holder's lease expires within the test (ms). */
const LEASE_MS = 400;

const slotsOf = (posts: { kind: string; text: string }[]) =>
  posts.map((p) => (p.kind === 'header' ? 'header' : p.text));

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`delivery exactly once on ${c.name}`, () => {
    if (c.skip) console.log(`skipping the ${c.name} delivery tests: ${c.skip}`);
    afterEach(() => c.cleanup());

    /** A store several instances share: one connection each (memory lives in one process, so it is shared as is). */
    async function sharedStore() {
      const ns = `test-${randomUUID()}`;
      const first = await c.open(ns);
      await createStores(first).subscriptions.put(subscription('c1', { lastPostedDay: '2026-06-10' }));
      const another = async (): Promise<Backend> => (c.name === 'memory' ? first : c.open(ns));
      return { first, another };
    }

    it('resumes a digest that crashed between two messages: nothing repeated, nothing missing', async () => {
      const { first, another } = await sharedStore();
      const clock = createManualClock(NINE_BERLIN);
      const chat = createFakeChannels();
      const doomed = killable(first);
      const crashing = chat.poster('before-crash', (n) => {
        if (n === 3) {
          doomed.kill();
          throw new Error('process killed');
        }
      });
      void startInstance(doomed.backend, { clock, poster: crashing, leaseMs: LEASE_MS }).runner.tick();
      await until(() => crashing.count === 4, 5000, 'the crash');
      expect(slotsOf(chat.posts)).toEqual(THURSDAY.slice(0, 3));

      const restarted = startInstance(await another(), {
        clock,
        poster: chat.poster('after-restart'),
        leaseMs: LEASE_MS,
      });
      // The crashed process never released its lease: the restart waits for it to expire, then resumes.
      await until(
        async () => (await restarted.runner.tick()).some((r) => r.outcome === 'posted'),
        5000,
        'the restart to finish the digest',
      );
      expect(slotsOf(chat.in('c1'))).toEqual(THURSDAY);
      expect(chat.posts.filter((p) => p.by === 'after-restart')).toHaveLength(3);
      const sub = await restarted.stores.subscriptions.get(channel('c1'));
      expect(sub).toMatchObject({ lastPostedDay: '2026-06-11', failures: 0, lastPost: { status: 'posted' } });
      expect(await restarted.runner.tick()).toEqual([]);
    });

    it('posts a day exactly once when three instances race for it', async () => {
      const { first, another } = await sharedStore();
      const clock = createManualClock(NINE_BERLIN);
      const chat = createFakeChannels();
      const backends = [first, await another(), await another()];
      const instances = backends.map((b, i) =>
        startInstance(b, { clock, poster: chat.poster(`i${i}`), leaseMs: LEASE_MS }),
      );
      const results = (await Promise.all(instances.map((i) => i.runner.tick()))).flat();
      expect(results.filter((r) => r.outcome === 'posted')).toHaveLength(1);
      expect(slotsOf(chat.in('c1'))).toEqual(THURSDAY);
      expect(new Set(chat.posts.map((p) => p.by)).size).toBe(1);
      for (const i of instances) expect(await i.runner.tick()).toEqual([]);
      expect(chat.posts).toHaveLength(THURSDAY.length);
    });

    it('lets another instance finish the digest of a lease holder killed mid-digest', async () => {
      const { first, another } = await sharedStore();
      const clock = createManualClock(NINE_BERLIN);
      const chat = createFakeChannels();
      const holder = killable(first);
      const hanging = chat.poster('killed', (n) => {
        if (n !== 2) return;
        holder.kill();
        return never(); // the process is gone mid-request
      });
      void startInstance(holder.backend, { clock, poster: hanging, leaseMs: LEASE_MS }).runner.tick();
      await until(() => hanging.count === 3, 5000, 'the holder to be killed');
      const other = startInstance(await another(), { clock, poster: chat.poster('survivor'), leaseMs: LEASE_MS });
      await until(
        async () => (await other.runner.tick()).some((r) => r.outcome === 'posted'),
        5000,
        'the survivor to take over',
      );
      expect(slotsOf(chat.in('c1'))).toEqual(THURSDAY);
      expect(chat.posts.filter((p) => p.by === 'killed')).toHaveLength(2);
    });

    it('keeps the lease through a slow post, so a live holder is not taken over', async () => {
      const { first, another } = await sharedStore();
      const clock = createManualClock(NINE_BERLIN);
      const chat = createFakeChannels();
      // A rate-limited post: the platform client waits 2.5 lease lengths before this message goes out.
      const leaseMs = LEASE_MS * 1.5; // renewals every 200 ms keep up on a loaded machine
      const slow = chat.poster('slow', (n) => (n === 1 ? new Promise((r) => setTimeout(r, leaseMs * 2.5)) : undefined));
      const holder = startInstance(first, { clock, poster: slow, leaseMs });
      const other = startInstance(await another(), { clock, poster: chat.poster('other'), leaseMs: LEASE_MS });
      let finished = false;
      const run = holder.runner.tick().finally(() => (finished = true));
      await until(() => slow.count > 0, 5000, 'the holder to start posting');
      const seen = new Set<string>();
      while (!finished) {
        for (const r of await other.runner.tick()) seen.add(r.outcome);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await run).map((r) => r.outcome)).toEqual(['posted']);
      // 'already' may be seen in the moment between the holder finishing and it recording the day.
      expect([...seen].filter((s) => s !== 'busy' && s !== 'already')).toEqual([]);
      expect(slotsOf(chat.in('c1'))).toEqual(THURSDAY);
      expect(chat.posts.filter((p) => p.by === 'other')).toEqual([]);
    });
  });
}

describe('delivery of empty days and failures', () => {
  /** Monday 2026-06-15, 09:00 Berlin: the previous list is Sunday's, which is empty. */
  const MONDAY = '2026-06-15T07:00:00Z';
  const { open, cleanup } = backendCases()[0]!;
  afterEach(() => cleanup());

  async function setUp(
    over: Parameters<typeof subscription>[1],
    poster?: Parameters<ReturnType<typeof createFakeChannels>['poster']>[1],
  ) {
    const chat = createFakeChannels();
    const instance = startInstance(await open(), {
      clock: createManualClock(MONDAY),
      poster: chat.poster('a', poster),
    });
    await instance.stores.subscriptions.put(subscription('c1', { lastPostedDay: '2026-06-13', ...over }));
    return { chat, instance, sub: () => instance.stores.subscriptions.get(channel('c1')) };
  }

  it('posts a one-line note on a day without papers', async () => {
    const { chat, instance, sub } = await setUp({ emptyDayNote: true });
    expect((await instance.runner.tick()).map((r) => r.outcome)).toEqual(['posted']);
    expect(chat.posts.map((p) => p.text)).toEqual([
      expect.stringMatching(/Sunday, 14 June 2026\nNo papers were featured/),
    ]);
    expect(await sub()).toMatchObject({ lastPostedDay: '2026-06-14', lastPost: { status: 'empty' } });
  });

  it('stays silent on a day without papers when asked, and still records the day', async () => {
    const { chat, instance, sub } = await setUp({ emptyDayNote: false });
    expect((await instance.runner.tick()).map((r) => r.outcome)).toEqual(['posted']);
    expect(chat.posts).toEqual([]);
    expect(await sub()).toMatchObject({ lastPostedDay: '2026-06-14', lastPost: { status: 'empty' } });
    expect(await instance.runner.tick()).toEqual([]);
  });

  it('pauses at once when the bot lost access, leaving the notice to the next admin command', async () => {
    const { chat, instance, sub } = await setUp({}, () => {
      throw new PostError('the bot cannot see this channel (Missing Access)', true);
    });
    expect((await instance.runner.tick()).map((r) => r.outcome)).toEqual(['failed']);
    expect(await sub()).toMatchObject({ failures: 1, paused: { reason: expect.stringMatching(/Missing Access/) } });
    expect((await sub())?.paused?.told).toBeUndefined();
    expect(chat.posts).toEqual([]);
    expect(await instance.runner.tick(Date.parse(MONDAY) + 86_400_000)).toEqual([]);
  });
});
