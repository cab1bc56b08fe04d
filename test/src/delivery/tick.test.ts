import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/ports/clock.js';
import { PostError } from '../../../src/delivery/channel-poster.js';
import type { Subscription } from '../../../src/subscriptions/subscription.js';
import { backendCases } from '../../support/backends.js';
import { channel, papersOn, startInstance, subscription, type InstanceOptions } from '../../support/delivery-rig.js';
import { createFakeChannels, type BeforePost } from '../../support/fake-channels.js';
import type { Delivery } from '../../../src/delivery/delivery.js';
import { createTickRunner } from '../../../src/delivery/tick.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { createStores } from '../../../src/store/index.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { plainText } from '../../../src/text/rich.js';

const { open, cleanup } = backendCases()[0]!; // memory: these tests are about the runner, delivery.test.ts covers the stores
afterEach(() => cleanup());
const MIN = 60_000;

async function setUp(start: string, subs: Subscription[], before?: BeforePost, options: Partial<InstanceOptions> = {}) {
  const clock = createManualClock(start);
  const chat = createFakeChannels();
  const backend = await open();
  const instance = startInstance(backend, { clock, poster: chat.poster('a', before), ...options });
  for (const s of subs) await instance.stores.subscriptions.put(s);
  /** Ticks every `stepMin` minutes up to `toIso`; returns each post as [UTC minute, channel, days]. */
  async function drive(toIso: string, stepMin = 15) {
    const posts: string[][] = [];
    for (; clock.now() <= Date.parse(toIso); clock.advance(stepMin * MIN)) {
      for (const r of await instance.runner.tick()) {
        if (r.outcome === 'posted')
          posts.push([new Date(clock.now()).toISOString().slice(0, 16), r.channel.channelId, r.days.join('+')]);
      }
    }
    return posts;
  }
  const sub = (id: string) => instance.stores.subscriptions.get(channel(id));
  return { clock, chat, instance, backend, drive, sub };
}

describe('scheduler: each channel at its own local time', () => {
  it.each([
    [
      'spring',
      '2026-03-27T12:00Z',
      '2026-03-30T12:00Z',
      '2026-03-26',
      [
        ['2026-03-28T08:00', 'berlin', '2026-03-27'],
        ['2026-03-29T07:00', 'berlin', '2026-03-28'],
        ['2026-03-30T07:00', 'berlin', '2026-03-29'],
      ],
    ],
    [
      'autumn',
      '2026-10-23T12:00Z',
      '2026-10-26T12:00Z',
      '2026-10-22',
      [
        ['2026-10-24T07:00', 'berlin', '2026-10-23'],
        ['2026-10-25T08:00', 'berlin', '2026-10-24'],
        ['2026-10-26T08:00', 'berlin', '2026-10-25'],
      ],
    ],
  ])('posts Europe/Berlin at 09:00 local across the %s change', async (_season, from, to, last, expected) => {
    const berlin = subscription('berlin', { lastPostedDay: last });
    const { drive } = await setUp(from, [berlin]);
    expect(await drive(to)).toEqual(expected);
  });

  it.each([
    [
      'spring',
      '2026-03-06T18:00Z',
      '2026-03-09T18:00Z',
      '2026-03-05',
      [
        ['2026-03-07T13:30', 'ny', '2026-03-06'],
        ['2026-03-08T12:30', 'ny', '2026-03-07'],
        ['2026-03-09T12:30', 'ny', '2026-03-08'],
      ],
    ],
    [
      'autumn',
      '2026-10-30T18:00Z',
      '2026-11-02T18:00Z',
      '2026-10-29',
      [
        ['2026-10-31T12:30', 'ny', '2026-10-30'],
        ['2026-11-01T13:30', 'ny', '2026-10-31'],
        ['2026-11-02T13:30', 'ny', '2026-11-01'],
      ],
    ],
  ])('posts America/New_York at 08:30 local across the %s change', async (_season, from, to, last, expected) => {
    const ny = subscription('ny', { timeZone: 'America/New_York', time: '08:30', lastPostedDay: last });
    const { drive } = await setUp(from, [ny]);
    expect(await drive(to)).toEqual(expected);
  });
});

describe('scheduler: catch-up, not floods', () => {
  it('sends one "you missed 3 days" digest with the best papers of the three days', async () => {
    // Down since Tuesday morning; back on Friday at noon, Berlin time.
    const { chat, drive, sub } = await setUp('2026-06-12T10:00Z', [
      subscription('c1', { lastPostedDay: '2026-06-08' }),
    ]);
    expect(await drive('2026-06-13T06:00Z')).toEqual([['2026-06-12T10:00', 'c1', '2026-06-09+2026-06-10+2026-06-11']]);
    const [header, ...papers] = chat.in('c1');
    expect(header?.text).toMatch(
      /^📰 You missed 3 days of Hugging Face Daily Papers \(Tue 9 Jun – Thu 11 Jun\)\. Here are the best 5 of 17 matching\./,
    );
    const best = ['2026-06-09', '2026-06-10', '2026-06-11']
      .flatMap(papersOn)
      .sort((a, b) => b.upvotes - a.upvotes)
      .slice(0, 5);
    expect(papers.map((p) => p.text)).toEqual(best.map((p) => p.id));
    expect(await sub('c1')).toMatchObject({ lastPostedDay: '2026-06-11', lastPost: { status: 'posted' } });
  });

  it('posts nothing old for a new subscription: its first post is the next scheduled one', async () => {
    const fresh = subscription('c1', { createdAt: '2026-06-12T10:00:00Z' });
    const { chat, drive } = await setUp('2026-06-12T10:00Z', [fresh]);
    expect(await drive('2026-06-13T12:00Z')).toEqual([['2026-06-13T07:00', 'c1', '2026-06-12']]);
    expect(chat.in('c1')[0]?.text).toMatch(/Friday, 12 June 2026 · all 5 matching/);
  });
});

describe('scheduler: health', () => {
  it('pauses after three failed attempts in a row and says so once in the channel', async () => {
    let failing = true;
    // Every digest header fails while `failing`; the pause notice (also a header) gets through.
    const flaky: BeforePost = (_n, message) => {
      if (failing && message.kind === 'header' && !message.text.startsWith('⏸️'))
        throw new PostError('Discord answered 503', false);
    };
    const { chat, drive, sub, clock, instance } = await setUp(
      '2026-06-12T06:50Z',
      [subscription('c1', { lastPostedDay: '2026-06-10' })],
      flaky,
    );
    // Attempts at 07:00, then after 20 and 40 more minutes of backing off; the third failure pauses.
    expect(await drive('2026-06-12T12:00Z', 5)).toEqual([]);
    const notice = chat.in('c1');
    expect(notice.map((p) => plainText(p.text))).toEqual([
      expect.stringMatching(
        /^⏸️ Daily papers are paused in this channel after 3 failed attempts in a row \(last: Discord answered 503\)\. An admin can resume them with \/papers subscribe\.$/,
      ),
    ]);
    expect(await sub('c1')).toMatchObject({
      failures: 3,
      paused: { told: true, at: '2026-06-12T08:00:00.000Z' },
      lastPost: { status: 'failed', detail: 'Discord answered 503' },
    });
    failing = false;
    clock.set('2026-06-13T07:00Z');
    expect(await instance.runner.tick()).toEqual([]);
  });

  it('keeps retrying, without pausing, while Hugging Face is down', async () => {
    const down = {
      dailyPapers: async () => Promise.reject(new Error('Hugging Face is not answering')),
      search: async () => [],
      paper: async () => undefined,
    };
    const { chat, drive, sub } = await setUp(
      '2026-06-12T06:50Z',
      [subscription('c1', { lastPostedDay: '2026-06-10' })],
      undefined,
      { hf: down },
    );
    await drive('2026-06-12T12:00Z', 5);
    expect(chat.posts).toEqual([]);
    const s = await sub('c1');
    expect(s).toMatchObject({ failures: 0, lastPost: { status: 'failed', detail: 'Hugging Face is not answering' } });
    expect(s?.paused).toBeUndefined();
  });
});

describe('scheduler: fan-out and changes', () => {
  it('serves channels due at the same minute concurrently, one delivery at a time per channel', async () => {
    const active = new Map<string, number>();
    let now = 0;
    let most = 0;
    let mostInOne = 0;
    const paced: BeforePost = async (_n, _m, ch) => {
      active.set(ch.channelId, (active.get(ch.channelId) ?? 0) + 1);
      most = Math.max(most, ++now);
      mostInOne = Math.max(mostInOne, active.get(ch.channelId)!);
      await new Promise((r) => setTimeout(r, 5)); // the platform taking its time
      active.set(ch.channelId, active.get(ch.channelId)! - 1);
      now--;
    };
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    const { chat, instance } = await setUp(
      '2026-06-12T07:00Z',
      ids.map((id) => subscription(id, { lastPostedDay: '2026-06-10' })),
      paced,
      { concurrency: 4 },
    );
    // Two overlapping ticks (a slow minute): the second joins the first instead of posting again.
    await Promise.all([instance.runner.tick(), instance.runner.tick()]);
    for (const id of ids) expect(chat.in(id)).toHaveLength(6);
    expect(most).toBe(4);
    expect(mostInOne).toBe(1);
  });

  it('applies subscribe, unsubscribe and setting changes from the next tick, without a restart', async () => {
    const { chat, drive, instance, clock } = await setUp(
      '2026-06-12T06:00Z',
      ['c1', 'c2'].map((id) => subscription(id, { lastPostedDay: '2026-06-10' })),
    );
    const { subscriptions } = instance.stores;
    await subscriptions.put({
      ...(await subscriptions.get(channel('c1')))!,
      time: '11:00',
      settings: { count: 2, keywords: [], minUpvotes: 0 },
    });
    await subscriptions.remove(channel('c2'));
    await subscriptions.put(subscription('c3', { createdAt: new Date(clock.now()).toISOString(), time: '10:00' }));
    expect(await drive('2026-06-12T12:00Z')).toEqual([
      ['2026-06-12T08:00', 'c3', '2026-06-11'],
      ['2026-06-12T09:00', 'c1', '2026-06-11'],
    ]);
    expect(chat.in('c1')).toHaveLength(3);
    expect(chat.in('c2')).toEqual([]);
  });
});

describe('scheduler: graceful shutdown', () => {
  it('lets the message in flight land, stops, and the next start resumes the digest', async () => {
    let drained: Promise<boolean> | undefined;
    const { chat, backend, clock, instance } = await setUp(
      '2026-06-12T07:00Z',
      [subscription('c1', { lastPostedDay: '2026-06-10' })],
      async (n) => {
        if (n === 1) drained = instance.runner.drain(5000); // SIGTERM while the first paper is being posted
      },
    );
    expect((await instance.runner.tick()).map((r) => r.outcome)).toEqual(['busy']);
    expect(await drained).toBe(true);
    expect(chat.posts).toHaveLength(2);
    expect(await instance.runner.tick()).toEqual([]); // stopped: takes no new work

    const next = startInstance(backend, { clock, poster: chat.poster('next') });
    expect((await next.runner.tick()).map((r) => r.outcome)).toEqual(['posted']);
    const expected = [
      'header',
      ...papersOn('2026-06-11')
        .slice(0, 5)
        .map((p) => p.id),
    ];
    expect(chat.in('c1').map((p) => (p.kind === 'header' ? 'header' : p.text))).toEqual(expected);
  });
});

describe('scheduler: a graceful stop, on the bot clock', () => {
  it('waits for a post in flight at most the drain bound when the scheduler stops', async () => {
    // 09:00:30 in Berlin: the channel's daily post is due, and its delivery never ends (a stalled platform).
    const clock = createFakeClock('2026-06-13T07:00:30Z');
    const stores = createStores(createMemoryBackend({ clock }), clock);
    await stores.subscriptions.put(subscription('c1'));
    let posting = 0;
    const stalled: Delivery = {
      postDigest: () => new Promise(() => void posting++),
      postRecap: () => new Promise(() => undefined),
    };
    const runner = createTickRunner({
      stores,
      clock,
      logger: silentLogger,
      deliveries: new Map([['discord', stalled]]),
    });
    void runner.tick();
    await clock.advance(0);
    expect(posting).toBe(1);
    let settled: boolean | undefined;
    const drained = runner.drain(7000).then((done) => (settled = done));
    await clock.advance(6999);
    expect(settled).toBeUndefined();
    await clock.advance(1);
    await drained;
    expect(settled).toBe(false);
  });
});
