import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NUMBER_EMOJI } from '../../../src/delivery/layout.js';
import { createArxivListingFake, type ArxivListingFake } from '../../fakes/arxiv-listing-fake.js';
import { arxivSubscription, startArxivRig, type ArxivRig } from '../../support/arxiv-rig.js';
import { createArxivWorld, type ArxivWorld } from '../../support/arxiv-world.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { stubHf, subscription } from '../../support/delivery-rig.js';
import { makePaper } from '../../support/papers.js';

let fake: ArxivListingFake;
beforeAll(async () => {
  fake = await createArxivListingFake();
});
afterAll(() => fake.close());

let rig: ArxivRig;
let world: ArxivWorld;
const stale = new Map<string, number>();

/** A rig whose clock starts at `start`, over a world of cs.LG and cs.RO papers (3 new a category a day). */
function begin(start: string) {
  const clock = createFakeClock(start);
  stale.clear();
  world = createArxivWorld({ pool: ['cs.LG', 'cs.RO'], perCategory: 3, stale });
  fake.listing = (categories) => world.listingAt(categories, clock.now());
  fake.now = () => clock.now();
  fake.requests.length = 0;
  rig = startArxivRig({ clock, fake });
  return rig;
}
afterEach(() => rig?.stop());

const headers = (channel: string) => rig.channels.in(channel).filter((p) => p.kind !== 'paper');
const paperIds = (channel: string) =>
  rig.channels
    .in(channel)
    .filter((p) => p.kind === 'paper')
    .map((p) => p.text);
const ids = (day: string, types: string[], categories = ['cs.RO']) =>
  world
    .listingOf(categories, day)
    .items.filter((i) => types.includes(i.type))
    .map((i) => i.id);

describe('an arXiv feed', () => {
  beforeEach(() => begin('2026-04-26T12:00:00Z')); // a Sunday

  it("posts the latest announcement at the feed's own time: new papers and cross-lists, each once, by id without version", async () => {
    await rig.stores.subscriptions.put(arxivSubscription('c1', ['cs.RO']));
    await rig.runUntil('2026-04-27T08:00:00Z'); // Monday 10:00 in Berlin
    // Sunday's post (09:00 in Berlin), made on a weekend, only says when the next announcement is due.
    expect(headers('c1').map((h) => h.text)).toEqual([
      '📭 No new arXiv announcement for cs.RO today: arXiv announces Sunday to Thursday at 20:00 New York time. The next is expected Sun 26 Apr at 20:00 New York time (Mon 27 Apr, 02:00 CEST here).',
      '📰 arXiv cs.RO · Monday, 27 April 2026 · 4 new papers and cross-lists\nReact with 👍 on a paper to vote for it.',
    ]);
    expect(paperIds('c1')).toEqual(ids('2026-04-27', ['new', 'cross']));
    expect(paperIds('c1').every((id) => /^\d{4}\.\d{5}$/.test(id))).toBe(true);
    expect(fake.requests.map((r) => r.categories.join('+'))).toEqual(['cs.RO', 'cs.RO']);
  });

  it('posts a note naming the next announcement on a weekend, and nothing with empty_days:silent', async () => {
    begin('2026-05-01T06:00:00Z'); // Friday morning in Berlin
    const createdAt = '2026-05-01T06:00:00Z';
    await rig.stores.subscriptions.put(arxivSubscription('c1', ['cs.RO'], { createdAt }));
    await rig.stores.subscriptions.put(arxivSubscription('c2', ['cs.RO'], { emptyDayNote: false, createdAt }));
    await rig.runUntil('2026-05-03T12:00:00Z');
    const notes = headers('c1')
      .slice(1)
      .map((h) => h.text);
    expect(notes).toEqual([
      '📭 No new arXiv announcement for cs.RO today: arXiv announces Sunday to Thursday at 20:00 New York time. The next is expected Sun 3 May at 20:00 New York time (Mon 4 May, 02:00 CEST here).',
      '📭 No new arXiv announcement for cs.RO today: arXiv announces Sunday to Thursday at 20:00 New York time. The next is expected Sun 3 May at 20:00 New York time (Mon 4 May, 02:00 CEST here).',
    ]);
    expect(headers('c2')).toHaveLength(1); // Friday's announcement only
    const sub = await rig.stores.subscriptions.get({ platform: 'discord', channelId: 'c2' });
    expect(sub?.lastPost).toMatchObject({ day: '2026-05-03', status: 'empty' });
    expect(fake.requests).toHaveLength(1); // one fetch for both feeds, none on the weekend
  });

  it('posts on weekdays only with days:weekdays: each announcement once, no weekend notes', async () => {
    begin('2026-05-01T06:00:00Z'); // Friday morning in Berlin
    const createdAt = '2026-05-01T06:00:00Z';
    await rig.stores.subscriptions.put(arxivSubscription('c1', ['cs.RO'], { days: 'weekdays', createdAt }));
    await rig.runUntil('2026-05-05T08:00:00Z'); // Tuesday 10:00 in Berlin
    // Thursday's, Sunday's and Monday's mailings, on Friday, Monday and Tuesday; nothing on the weekend.
    expect(headers('c1').map((h) => h.text.split('\n')[0])).toEqual([
      '📰 arXiv cs.RO · Friday, 1 May 2026 · 4 new papers and cross-lists',
      '📰 arXiv cs.RO · Monday, 4 May 2026 · 4 new papers and cross-lists',
      '📰 arXiv cs.RO · Tuesday, 5 May 2026 · 4 new papers and cross-lists',
    ]);
    expect(new Set(paperIds('c1')).size).toBe(paperIds('c1').length);
    expect(fake.requests).toHaveLength(3); // one fetch a post, none on the weekend
  });

  it('says which holiday arXiv skips, and posts the next announcement when it comes', async () => {
    begin('2026-11-25T06:00:00Z');
    await rig.stores.subscriptions.put(arxivSubscription('c1', ['cs.RO'], { createdAt: '2026-11-25T06:00:00Z' }));
    await rig.runUntil('2026-11-27T09:00:00Z');
    expect(headers('c1').map((h) => h.text.split('\n')[0])).toEqual([
      '📰 arXiv cs.RO · Wednesday, 25 November 2026 · 4 new papers and cross-lists',
      '📭 No new arXiv announcement for cs.RO today: arXiv announces Sunday to Thursday at 20:00 New York time and skips its mailing of Thursday, 26 November 2026 (a holiday). The next is expected Thu 26 Nov at 20:00 New York time (Fri 27 Nov, 02:00 CET here).',
      '📰 arXiv cs.RO · Friday, 27 November 2026 · 4 new papers and cross-lists',
    ]);
  });

  it('waits for a late listing, says once that it is late, then posts the new announcement once and never the old one', async () => {
    begin('2026-04-27T12:00:00Z'); // Monday: its announcement is posted at once
    await rig.stores.subscriptions.put(arxivSubscription('c1', ['cs.RO']));
    await rig.runUntil('2026-04-27T12:10:00Z');
    const monday = paperIds('c1');
    // Tuesday's listing still shows Monday's announcement until 12:00 New York time (16:00Z).
    stale.set('cs.RO|2026-04-28', Date.parse('2026-04-28T16:00:00Z'));
    fake.requests.length = 0;
    await rig.runUntil('2026-04-28T15:50:00Z');
    expect(
      headers('c1')
        .slice(1)
        .map((h) => h.text),
    ).toEqual([
      "⏳ arXiv's listing is late: cs.RO still shows the announcement of Monday, 27 April 2026, and the one of Tuesday, 28 April 2026 is due. Its papers follow here as soon as it appears.",
    ]);
    const sub = await rig.stores.subscriptions.get({ platform: 'discord', channelId: 'c1' });
    expect(sub).toMatchObject({ failures: 0, waiting: { day: '2026-04-28' } });
    expect(sub?.paused).toBeUndefined();
    // Asked again while it waits, never closer than the recheck interval.
    const times = fake.requests.map((r) => r.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(5 * 60_000);
    await rig.runUntil('2026-04-28T17:00:00Z');
    expect(headers('c1').at(-1)!.text).toMatch(/^📰 arXiv cs\.RO · Tuesday, 28 April 2026 · 4 new/);
    expect(paperIds('c1')).toEqual([...monday, ...ids('2026-04-28', ['new', 'cross'])]);
    expect((await rig.stores.subscriptions.get({ platform: 'discord', channelId: 'c1' }))?.waiting).toBeUndefined();
  });

  it('waits quietly for the midnight rebuild when it posts right after the announcement', async () => {
    begin('2026-04-26T23:00:00Z'); // Sunday 19:00 in New York
    await rig.stores.subscriptions.put(
      arxivSubscription('c1', ['cs.RO'], { time: '20:30', timeZone: 'America/New_York', lastPostedDay: '2026-04-25' }),
    );
    await rig.runUntil('2026-04-27T04:30:00Z'); // Monday 00:30
    expect(headers('c1').map((h) => h.text.split('\n')[0])).toEqual([
      '📰 arXiv cs.RO · Monday, 27 April 2026 · 4 new papers and cross-lists',
    ]);
  });

  it('edits a replaced paper’s card instead of posting it again, and posts replacements new to the channel with include:all', async () => {
    begin('2026-04-27T12:00:00Z');
    await rig.stores.subscriptions.put(arxivSubscription('c1', ['cs.RO']));
    await rig.stores.subscriptions.put(
      arxivSubscription('c2', ['cs.RO'], {
        arxiv: { categories: ['cs.RO'], include: 'all' },
        createdAt: '2026-04-29T00:00:00Z',
      }),
    );
    await rig.runUntil('2026-04-30T09:00:00Z');
    // Thursday's listing replaces the first cs.RO paper of Monday (v2).
    const [replaced] = ids('2026-04-30', ['replace']);
    expect(replaced).toBe(ids('2026-04-27', ['new'])[0]);
    expect(paperIds('c1').filter((id) => id === replaced)).toHaveLength(1);
    const edit = rig.edits.find((e) => e.paperId === replaced);
    expect(edit?.ref.channelId).toBe('c1');
    expect(edit?.signals).toContain('v2, 30 Apr');
    // A channel that never had it gets it posted, once, with include:all.
    expect(paperIds('c2').filter((id) => id === replaced)).toHaveLength(1);
    expect(new Set(paperIds('c1')).size).toBe(paperIds('c1').length);
  });

  it('posts a cross-listed paper once in a channel whose feeds follow both of its categories', async () => {
    begin('2026-04-27T12:00:00Z');
    await rig.stores.subscriptions.put(arxivSubscription('c1', ['cs.RO']));
    await rig.stores.subscriptions.put(arxivSubscription('c1', ['cs.LG'], { feed: 'lg', time: '10:00' }));
    await rig.stores.subscriptions.put(arxivSubscription('c2', ['cs.LG', 'cs.RO']));
    await rig.runUntil('2026-04-28T10:00:00Z');
    const c1 = paperIds('c1');
    expect(new Set(c1).size).toBe(c1.length);
    const both = world
      .newOn('2026-04-28')
      .filter((p) => p.categories.length === 2)
      .map((p) => p.id);
    for (const id of both) expect(c1.filter((x) => x === id)).toHaveLength(1);
    expect(new Set(paperIds('c2')).size).toBe(paperIds('c2').length);
    expect(new Set(c1)).toEqual(new Set(paperIds('c2')));
  });

  it('does not post a paper again from Hugging Face in a channel whose arXiv feed posted it', async () => {
    const clock = createFakeClock('2026-04-27T06:00:00Z');
    world = createArxivWorld({ pool: ['cs.LG', 'cs.RO'], perCategory: 3, stale });
    fake.listing = (categories) => world.listingAt(categories, clock.now());
    fake.now = () => clock.now();
    const fromArxiv = ids('2026-04-27', ['new'])[0]!;
    const hfDay = [makePaper({ id: fromArxiv, upvotes: 50 }), makePaper({ id: '2604.99999', upvotes: 10 })];
    rig = startArxivRig({ clock, fake, hf: stubHf(new Map([['2026-04-27', hfDay]])) });
    await rig.stores.subscriptions.put(arxivSubscription('c1', ['cs.RO'], { createdAt: '2026-04-27T06:00:00Z' }));
    await rig.stores.subscriptions.put(
      subscription('c1', { feed: 'hf', time: '10:00', createdAt: '2026-04-27T06:00:00Z', lastPostedDay: '2026-04-26' }),
    );
    await rig.runUntil('2026-04-28T09:00:00Z');
    const hfPosts = rig.channels.in('c1').filter((p) => p.kind === 'paper' && p.text.startsWith('2604.9'));
    expect(hfPosts.map((p) => p.text)).toEqual(['2604.99999']);
    expect(paperIds('c1').filter((id) => id === fromArxiv)).toHaveLength(1);
  });

  it('lists more than 10 papers in compact lists of 10, each numbered from 1️⃣', async () => {
    begin('2026-04-27T12:00:00Z');
    world = createArxivWorld({ pool: ['cs.LG', 'cs.RO'], perCategory: 12, stale });
    fake.listing = (categories) => world.listingAt(categories, rig.clock.now());
    await rig.stores.subscriptions.put(
      arxivSubscription('c1', ['cs.RO', 'cs.LG'], {
        layout: 'compact',
        settings: { count: 23, keywords: '', minUpvotes: 0 },
      }),
    );
    await rig.runUntil('2026-04-27T12:10:00Z');
    const lists = rig.channels.in('c1').filter((p) => p.kind === 'list');
    expect(lists.map((l) => l.text.split('\n')[0])).toEqual([
      '📰 arXiv cs.LG, cs.RO · Monday, 27 April 2026 · 23 of 24 new papers and cross-lists',
      '📰 arXiv cs.LG, cs.RO · Monday, 27 April 2026 · 23 of 24 new papers and cross-lists (11–20 of 23)',
      '📰 arXiv cs.LG, cs.RO · Monday, 27 April 2026 · 23 of 24 new papers and cross-lists (21–23 of 23)',
    ]);
    const third = { platform: 'discord' as const, channelId: 'c1', messageId: lists[2]!.messageId };
    const chosen = await rig.stores.ledger.paperForMessage(third, 2);
    const expected = world.listingOf(['cs.LG', 'cs.RO'], '2026-04-27').items.map((i) => i.id)[22];
    expect(chosen?.paperId).toBe(expected);
    expect(NUMBER_EMOJI).toHaveLength(10);
  });
});
