import { afterEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../../src/model.js';
import { createManualClock } from '../../../src/ports/clock.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { createTaste } from '../../../src/taste/service.js';
import { hfListItem } from '../../../src/upstream/hf/schema.js';
import { hfToPaper } from '../../../src/upstream/hf/to-paper.js';
import { readFixture } from '../../fakes/hf-fake.js';
import { backendCases } from '../../support/backends.js';

/**
 * A team's taste on real Daily Papers days (test/fixtures/hf-days/); the team and its votes are
 * invented: it votes for papers about LLM agents and marks image and video papers not interested.
 */
const DAYS = ['2026-03-25', '2026-03-26', '2026-03-27'];
const papersOn = (day: string): Paper[] =>
  (JSON.parse(readFixture(`hf-days/${day}.json`)) as unknown[]).map((raw) => {
    const item = hfListItem.parse(raw);
    return hfToPaper(item.paper, item)!;
  });
const AGENTS = /\bagents?\b|agentic|multi-agent/i;
const PIXELS = /diffusion|video|image|rendering|3d|gaussian/i;
const TEAM = 'discord:G1';

/** The team's votes on the first two days, in the order given (each a 👍 by two people, or one 👎). */
async function vote(stores: Stores, order: 'forward' | 'backward', when: number) {
  const events: (() => Promise<unknown>)[] = [];
  let n = 0;
  for (const day of DAYS.slice(0, 2)) {
    const papers = papersOn(day);
    await stores.papers.remember(papers);
    for (const p of papers) {
      if (AGENTS.test(p.title))
        for (const voter of ['discord:1', 'discord:2']) {
          const o = ++n;
          events.push(() =>
            stores.votes.react({
              team: TEAM,
              paperId: p.id,
              identity: voter,
              reaction: `discord:C1:${p.id}:👍`,
              present: true,
              order: o,
              at: when,
            }),
          );
        }
      else if (PIXELS.test(p.title)) {
        const o = ++n;
        events.push(() => stores.taste.markNotInterested(TEAM, p.id, 'discord:3', true, o, when));
      }
    }
  }
  for (const e of order === 'forward' ? events : [...events].reverse()) await e();
  await stores.taste.touch(TEAM);
}

const clock = () => createManualClock('2026-03-28T08:00:00Z');

describe("a team's taste", () => {
  const cases = backendCases();
  afterEach(async () => {
    for (const c of cases) await c.cleanup();
  });

  it('gives the same order and scores for the same votes on every backend, whatever order the votes came in', async () => {
    const day = papersOn('2026-03-27');
    const results: { backend: string; order: string[]; scores: number[]; why: (string | undefined)[] }[] = [];
    for (const c of cases) {
      if (c.skip) {
        console.log(`determinism across backends: ${c.name} left out (${c.skip})`);
        continue;
      }
      for (const order of ['forward', 'backward'] as const) {
        const stores = createStores(await c.open(), clock());
        await vote(stores, order, Date.parse('2026-03-27T14:00:00Z'));
        await stores.papers.remember(day);
        const ranking = await createTaste({ stores, clock: clock(), logger: silentLogger }).rank(
          TEAM,
          '2026-03-27',
          day,
          'auto',
        );
        expect(ranking.choice.order).toBe('taste');
        results.push({
          backend: `${c.name} (${order})`,
          order: ranking.placed.map((p) => p.id),
          scores: ranking.placed.map((p) => p.score),
          why: ranking.placed.map((p) => ranking.why(p.id)),
        });
      }
    }
    expect(results.length).toBeGreaterThanOrEqual(4);
    for (const r of results.slice(1)) expect({ ...r, backend: '' }).toEqual({ ...results[0]!, backend: '' });
  });

  it('puts what the team votes for first and what it marked not interested lower than HF does', async () => {
    const stores = createStores(await cases[0]!.open(), clock());
    await vote(stores, 'forward', Date.parse('2026-03-27T14:00:00Z'));
    const day = papersOn('2026-03-27');
    const ranking = await createTaste({ stores, clock: clock(), logger: silentLogger }).rank(
      TEAM,
      '2026-03-27',
      day,
      'auto',
    );
    const title = new Map(day.map((p) => [p.id, p.title]));
    const placed = ranking.placed.map((p) => ({ ...p, title: title.get(p.id)! }));
    for (const p of placed.filter((x) => AGENTS.test(x.title)))
      expect(placed.indexOf(p), p.title).toBeLessThan(p.hfRank);
    const pixels = placed.filter((x) => PIXELS.test(x.title) && x.hfRank < 5);
    expect(pixels.length).toBeGreaterThan(0);
    for (const p of pixels) expect(placed.indexOf(p), p.title).toBeGreaterThanOrEqual(p.hfRank);
    // Only papers it moved up get a line; none of the others.
    for (const p of placed) {
      const line = ranking.why(p.id);
      if (placed.indexOf(p) >= p.hfRank) expect(line).toBeUndefined();
      else if (line) expect(line.length).toBeLessThanOrEqual(120);
    }
  });

  it('keeps HF order under rank:auto until the team has voted for 3 papers, and always under rank:hf', async () => {
    const stores = createStores(await cases[0]!.open(), clock());
    const taste = createTaste({ stores, clock: clock(), logger: silentLogger });
    const day = papersOn('2026-03-27');
    const hfIds = [...day].sort((a, b) => b.upvotes - a.upvotes || a.id.localeCompare(b.id)).map((p) => p.id);
    expect((await taste.rank(TEAM, '2026-03-27', day, 'auto')).choice).toEqual({ order: 'hf', reason: 'no-votes' });
    const two = papersOn('2026-03-26')
      .filter((p) => AGENTS.test(p.title))
      .slice(0, 2);
    await stores.papers.remember(two);
    await stores.taste.seed(TEAM, new Map(two.map((p) => [p.id, { kind: 'liked', votes: 1, at: 1 }])));
    const auto = await taste.rank(TEAM, '2026-03-27', day, 'auto');
    expect(auto.choice).toEqual({ order: 'hf', reason: 'few-votes' });
    expect(auto.placed.map((p) => p.id)).toEqual(hfIds);
    await vote(stores, 'forward', 1);
    const hf = await taste.rank(TEAM, '2026-03-27', day, 'hf');
    expect(hf.choice).toEqual({ order: 'hf', reason: 'asked' });
    expect((await taste.rank(TEAM, '2026-03-27', day, 'auto')).choice).toEqual({
      order: 'taste',
      reason: 'enough-votes',
    });
  });

  it('forgets on a reset: votes before it are no longer learnt from, and marks and imports are gone', async () => {
    const stores = createStores(await cases[0]!.open(), clock());
    const taste = createTaste({ stores, clock: clock(), logger: silentLogger });
    await vote(stores, 'forward', Date.parse('2026-03-27T14:00:00Z'));
    const day = papersOn('2026-03-27');
    expect((await taste.model(TEAM, '2026-03-27', day))?.counts.liked).toBeGreaterThan(3);
    await stores.taste.reset(TEAM, Date.parse('2026-03-28T00:00:00Z'));
    expect(await stores.taste.notInterested(TEAM)).toEqual([]);
    expect(await taste.model(TEAM, '2026-03-27', day)).toBeUndefined();
    expect((await taste.rank(TEAM, '2026-03-27', day, 'auto')).choice.order).toBe('hf');
    // The leaderboard keeps its votes.
    expect((await stores.votes.voted(TEAM)).length).toBeGreaterThan(3);
  });
});
