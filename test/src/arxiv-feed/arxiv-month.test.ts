import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedKey } from '../../../src/model.js';
import { isAnnouncementDay } from '../../../src/time/arxiv-calendar.js';
import { addDays, weekday } from '../../../src/time/dates.js';
import type { Layout } from '../../../src/subscriptions/subscription.js';
import { createArxivListingFake, type ArxivListingFake } from '../../fakes/arxiv-listing-fake.js';
import { arxivSubscription, startArxivRig, type ArxivRig } from '../../support/arxiv-rig.js';
import { createArxivWorld, type ArxivWorld } from '../../support/arxiv-world.js';
import { createFakeClock } from '../../support/fake-clock.js';

/** Three channels, overlapping category sets, three zones and layouts. */
const FEEDS: {
  channel: string;
  categories: string[];
  time: string;
  timeZone: string;
  layout: Layout;
  count: number;
}[] = [
  {
    channel: 'munich',
    categories: ['cs.LG', 'cs.RO'],
    time: '09:00',
    timeZone: 'Europe/Berlin',
    layout: 'messages',
    count: 10,
  },
  {
    channel: 'boston',
    categories: ['cs.CV', 'cs.LG'],
    time: '21:00',
    timeZone: 'America/New_York',
    layout: 'thread',
    count: 30,
  },
  { channel: 'tokyo', categories: ['cs.RO'], time: '08:00', timeZone: 'Asia/Tokyo', layout: 'compact', count: 20 },
];
const FIRST = '2026-10-19';
const LAST = '2026-11-30';

let fake: ArxivListingFake;
let rig: ArxivRig;
let world: ArxivWorld;
const stale = new Map<string, number>();

/** The listing days from FIRST to LAST. */
function announcementDays(): string[] {
  const days: string[] = [];
  for (let d = FIRST; d <= LAST; d = addDays(d, 1)) if (isAnnouncementDay(d)) days.push(d);
  return days;
}

beforeAll(async () => {
  // Six weeks over Europe's (25 Oct) and the US's (1 Nov) clock changes and Thanksgiving week (26 Nov, no mailing).
  const clock = createFakeClock('2026-10-19T00:00:00Z');
  fake = await createArxivListingFake(() => clock.now());
  world = createArxivWorld({ pool: ['cs.AI', 'cs.CV', 'cs.LG', 'cs.RO'], perCategory: 3, stale });
  // One set's listing stays on Tuesday's announcement until noon on Wednesday 4 November (EST), the others are current.
  stale.set('cs.LG+cs.RO|2026-11-04', Date.parse('2026-11-04T17:00:00Z'));
  fake.listing = (categories) => world.listingAt(categories, clock.now());
  rig = startArxivRig({ clock, fake });
  for (const f of FEEDS)
    await rig.stores.subscriptions.put(
      arxivSubscription(f.channel, f.categories, {
        time: f.time,
        timeZone: f.timeZone,
        layout: f.layout,
        settings: { count: f.count, keywords: '', minUpvotes: 0 },
        createdAt: '2026-10-18T00:00:00Z',
      }),
    );
  await rig.runUntil('2026-11-09T12:00:00Z');
  fake.queue({ status: 429, headers: { 'retry-after': '7' } }, { status: 503, headers: { 'retry-after': '5' } });
  await rig.runUntil('2026-11-30T23:00:00Z');
}, 120_000);
afterAll(async () => {
  rig.stop();
  await fake.close();
});

/** Every paper a channel got, in order: paper messages and the papers of compact lists. */
async function papersIn(channel: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of rig.channels.in(channel)) {
    if (p.kind === 'paper') out.push(p.text);
    if (p.kind === 'list')
      for (const { paperId } of await rig.stores.ledger.papersOfMessage({
        platform: 'discord',
        channelId: p.channelId,
        messageId: p.messageId,
      }))
        out.push(paperId);
  }
  return out;
}

describe('a simulated month of arXiv feeds', () => {
  it('gives each channel every new paper and cross-list of its categories, none twice', async () => {
    for (const f of FEEDS) {
      const expected = announcementDays().flatMap((d) =>
        world
          .listingOf(f.categories, d)
          .items.filter((i) => i.type === 'new' || i.type === 'cross')
          .map((i) => i.id),
      );
      const got = await papersIn(f.channel);
      expect(new Set(got).size, `${f.channel}: a paper posted twice`).toBe(got.length);
      expect([...got].sort(), f.channel).toEqual([...expected].sort());
    }
  });

  it('fetches each category set once per announcement, one request at a time, at least 3 s apart', () => {
    const times = fake.requests.map((r) => r.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(3000);
    for (const set of ['cs.LG+cs.RO', 'cs.CV+cs.LG', 'cs.RO']) {
      const served = fake.requests.filter((r) => r.categories.join('+') === set).map((r) => r.served!);
      const dates = served.filter((s) => /^\d{4}-/.test(s));
      const repeated = dates.filter((d, i) => dates.indexOf(d) !== i);
      // Only the late listing was asked again while it still showed Tuesday's announcement.
      expect(new Set(repeated), set).toEqual(set === 'cs.LG+cs.RO' ? new Set(['2026-11-03']) : new Set());
      expect(new Set(dates), set).toEqual(new Set(announcementDays()));
    }
    expect(fake.requests.filter((r) => r.served === '429' || r.served === '503')).toHaveLength(2);
  });

  it('says once that the late listing is late, while a set whose listing is current posts on time', () => {
    const late = rig.channels.in('munich').filter((p) => p.text.startsWith("⏳ arXiv's listing is late"));
    expect(late.map((p) => p.text)).toEqual([
      "⏳ arXiv's listing is late: cs.LG, cs.RO still shows the announcement of Tuesday, 3 November 2026, and the one of Wednesday, 4 November 2026 is due. Its papers follow here as soon as it appears.",
    ]);
    expect(rig.channels.in('tokyo').some((p) => p.text.startsWith('⏳'))).toBe(false);
  });

  it('posts a note on the local days without an announcement: the weekend, and the holiday', async () => {
    // Which local days have no new announcement depends on the zone: Thursday evening's (Friday's
    // listing) reaches Tokyo on Saturday morning, Boston on Thursday night.
    const quiet: Record<string, { weekdays: number[]; holiday: string }> = {
      munich: { weekdays: [6, 0], holiday: '2026-11-26' },
      boston: { weekdays: [5, 6], holiday: '2026-11-25' },
      tokyo: { weekdays: [0, 1], holiday: '2026-11-27' },
    };
    for (const f of FEEDS) {
      const key = feedKey({ platform: 'discord', channelId: f.channel });
      const { weekdays, holiday } = quiet[f.channel]!;
      for (let d = '2026-10-21'; d <= '2026-11-29'; d = addDays(d, 1)) {
        const header = (await rig.stores.ledger.get(key, d))?.intent.header;
        const expected =
          weekdays.includes(weekday(d)) || d === holiday ? /^📭 No new arXiv announcement/ : /^📰 arXiv /;
        expect(header, `${f.channel} ${d}`).toMatch(expected);
      }
      expect((await rig.stores.ledger.get(key, holiday))?.intent.header, f.channel).toMatch(
        /skips its mailing of Thursday, 26 November 2026 \(a holiday\)/,
      );
    }
  });

  it('edits the cards of replaced papers with their new version instead of posting them again', () => {
    const replacedBy = new Map<string, string>();
    for (const d of announcementDays())
      if (d <= '2026-11-25') for (const p of world.replacedOn(d)) replacedBy.set(p.id, d);
    for (const channel of ['munich', 'boston']) {
      const posted = new Set(
        rig.channels
          .in(channel)
          .filter((p) => p.kind === 'paper')
          .map((p) => p.text),
      );
      const owed = [...replacedBy.keys()].filter((id) => posted.has(id));
      expect(owed.length, channel).toBeGreaterThan(10);
      for (const id of owed) {
        const edit = rig.edits.find((e) => e.paperId === id && e.ref.channelId === channel);
        expect(
          edit?.signals.some((m) => /^v2, \d+ \w{3}$/.test(m)),
          `${channel} ${id}`,
        ).toBe(true);
      }
    }
  });
});
