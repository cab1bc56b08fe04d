import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { killable } from '../../support/store-faults.js';
import type { Subscription } from '../../../src/subscriptions/subscription.js';
import { createArxivListingFake, type ArxivListingFake } from '../../fakes/arxiv-listing-fake.js';
import { arxivSubscription, startArxivRig, type ArxivRig } from '../../support/arxiv-rig.js';
import { createArxivWorld, type ArxivWorld } from '../../support/arxiv-world.js';
import { createFakeChannels, never } from '../../support/fake-channels.js';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.js';

let fake: ArxivListingFake;
beforeAll(async () => {
  fake = await createArxivListingFake();
});
afterAll(() => fake.close());

const rigs: ArxivRig[] = [];
afterEach(() => rigs.splice(0).forEach((r) => r.stop()));

function world(clock: FakeClock): ArxivWorld {
  const w = createArxivWorld({ pool: ['cs.LG', 'cs.RO'], perCategory: 3 });
  fake.listing = (categories) => w.listingAt(categories, clock.now());
  fake.now = () => clock.now();
  fake.requests.length = 0;
  return w;
}

const where = (channelId: string) => ({ platform: 'discord' as const, channelId });
const ids = (w: ArxivWorld, day: string, categories = ['cs.RO']) =>
  w
    .listingOf(categories, day)
    .items.filter((i) => i.type === 'new' || i.type === 'cross')
    .map((i) => i.id);

describe('an arXiv feed that missed days', () => {
  it('gathers the announcements it missed into one post; after a pause by hand, only the one due', async () => {
    const clock = createFakeClock('2026-04-27T06:00:00Z');
    const w = world(clock);
    const rig = startArxivRig({ clock, fake });
    rigs.push(rig);
    const since = { createdAt: '2026-04-27T06:00:00Z' };
    await rig.stores.subscriptions.put(arxivSubscription('c1', ['cs.RO'], since));
    await rig.stores.subscriptions.put(arxivSubscription('c2', ['cs.RO'], { ...since, time: '08:00' }));
    await rig.stores.subscriptions.put(arxivSubscription('c3', ['cs.RO'], since));
    await rig.runUntil('2026-04-27T08:00:00Z');
    const stop = (channelId: string, paused: NonNullable<Subscription['paused']>, resumeFrom?: string) =>
      rig.stores.subscriptions.update(
        where(channelId),
        (s) => s && { ...s, paused, ...(resumeFrom ? { resumeFrom } : {}) },
      );
    // c1 pauses itself after failures; c3 is paused by hand until Thursday.
    await stop('c1', { reason: '3 failed attempts', at: '2026-04-27T08:00:00Z' });
    await stop('c3', { reason: 'paused', at: '2026-04-27T08:00:00Z', byHand: true, until: '2026-04-30' }, '2026-04-30');
    await rig.runUntil('2026-04-29T20:00:00Z');
    // Resumed on Wednesday evening: its Wednesday post, late, gathers Tuesday's and Wednesday's announcements.
    await rig.stores.subscriptions.update(where('c1'), (s) => s && { ...s, paused: undefined });
    await rig.runUntil('2026-04-30T08:00:00Z');
    const headers = (c: string) =>
      rig.channels
        .in(c)
        .filter((p) => p.kind === 'header')
        .map((p) => p.text.split('\n')[0]);
    expect(headers('c1')).toEqual([
      '📰 arXiv cs.RO · Monday, 27 April 2026 · 4 new papers and cross-lists',
      '📰 You missed 2 arXiv announcements of cs.RO (Tue 28 Apr – Wed 29 Apr). Here are 8 new papers and cross-lists.',
      '📰 arXiv cs.RO · Thursday, 30 April 2026 · 4 new papers and cross-lists',
    ]);
    const c1 = rig.channels
      .in('c1')
      .filter((p) => p.kind === 'paper')
      .map((p) => p.text);
    expect(c1).toEqual(['2026-04-27', '2026-04-28', '2026-04-29', '2026-04-30'].flatMap((d) => ids(w, d)));
    expect(headers('c3')).toEqual([
      '📰 arXiv cs.RO · Monday, 27 April 2026 · 4 new papers and cross-lists',
      '📰 arXiv cs.RO · Thursday, 30 April 2026 · 4 new papers and cross-lists',
    ]);
    // c2 fetched each announcement as it came; the others read them from the store.
    expect(fake.requests).toHaveLength(4);
  });

  it('rides out arXiv answering 503 past its retries without counting it against the channel, then posts', async () => {
    const clock = createFakeClock('2026-04-27T06:50:00Z');
    const w = world(clock);
    const rig = startArxivRig({ clock, fake });
    rigs.push(rig);
    await rig.stores.subscriptions.put(arxivSubscription('c1', ['cs.RO'], { createdAt: '2026-04-27T06:00:00Z' }));
    fake.queue(...Array.from({ length: 5 }, () => ({ status: 503, headers: { 'retry-after': '20' } })));
    const first = await rig.runUntil('2026-04-27T07:00:00Z');
    expect(first.map((r) => r.outcome)).toEqual(['failed']);
    const sub = await rig.stores.subscriptions.get(where('c1'));
    expect(sub).toMatchObject({ failures: 0, lastPost: { status: 'failed', detail: 'HTTP 503' } });
    expect(sub?.paused).toBeUndefined();
    await rig.runUntil('2026-04-27T07:30:00Z'); // the retry, 20 minutes on
    expect(
      rig.channels
        .in('c1')
        .filter((p) => p.kind === 'paper')
        .map((p) => p.text),
    ).toEqual(ids(w, '2026-04-27'));
    const times = fake.requests.map((r) => r.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(3000);
  });

  it('resumes a fan-out cut off by a restart from the ledger: each paper once, the listing not fetched again', async () => {
    const clock = createFakeClock('2026-04-27T06:55:00Z');
    const w = world(clock);
    const backend = createMemoryBackend({ clock });
    const channels = createFakeChannels();
    // The first process dies as it sends its third post (header, paper, then the crash): its store calls stop too.
    const doomed = killable(backend);
    const crashed = startArxivRig({
      clock,
      fake,
      backend: doomed.backend,
      channels,
      name: 'a',
      before: (n) => {
        if (n !== 2) return;
        doomed.kill();
        return never();
      },
    });
    rigs.push(crashed);
    await crashed.stores.subscriptions.put(arxivSubscription('c1', ['cs.RO'], { createdAt: '2026-04-27T06:00:00Z' }));
    await clock.advance(5 * 60_000);
    void crashed.runner.tick();
    for (let i = 0; i < 20 && channels.in('c1').length < 2; i++) await clock.advance(1000);
    expect(channels.in('c1')).toHaveLength(2);
    crashed.stop();
    await clock.advance(2 * 60_000); // its lease expires
    const restarted = startArxivRig({ clock, fake, backend, channels, name: 'b' });
    rigs.push(restarted);
    await restarted.runUntil('2026-04-27T07:30:00Z');
    const posted = channels.in('c1');
    expect(posted.filter((p) => p.kind === 'header')).toHaveLength(1);
    expect(posted.filter((p) => p.kind === 'paper').map((p) => p.text)).toEqual(ids(w, '2026-04-27'));
    expect(posted.map((p) => p.by)).toEqual(['a', 'a', 'b', 'b', 'b']);
    expect(fake.requests).toHaveLength(1);
  });
});
