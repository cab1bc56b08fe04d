import { describe, expect, it } from 'vitest';
import { everyPaper, rankedFor } from '../../../src/delivery/own-digest.js';
import { chooseDigest } from '../../../src/papers/digest.js';
import type { TeamRanking } from '../../../src/papers/team-ranking.js';
import { makePaper } from '../../support/papers.js';

const papers = Array.from({ length: 8 }, (_, i) => makePaper({ id: `2606.0000${i + 1}`, upvotes: 80 - i * 10 }));
const own = { team: 'user:discord:u1', votes: new Map([['2606.00008', 1]]) };
const settings = { count: 3, keywords: '', minUpvotes: 0 };
const ranking = (order: (ids: string[]) => string[]): TeamRanking => ({
  async rank({ papers: given }) {
    const byId = new Map(given.map((p) => [p.id, p]));
    return order(given.map((p) => p.id)).map((id) => byId.get(id) ?? makePaper({ id }));
  },
});

describe("a person's own digest", () => {
  it('ranks every candidate of the day, then cuts to the count', async () => {
    const day = chooseDigest('2026-06-11', papers, everyPaper(settings));
    expect(day.papers).toHaveLength(8);
    const ranked = await rankedFor(
      own,
      day,
      settings.count,
      ranking((ids) => [...ids].reverse()),
    );
    expect(ranked.papers.map((p) => p.id)).toEqual(['2606.00008', '2606.00007', '2606.00006']);
    expect(ranked.totalThatDay).toBe(8);
  });

  it('keeps only the papers it was given, each once: a ranking cannot bring back one the filter left out', async () => {
    const day = chooseDigest('2026-06-11', papers, everyPaper({ ...settings, minUpvotes: 50 }));
    const ranked = await rankedFor(
      own,
      day,
      settings.count,
      ranking((ids) => ['2606.00008', ids[1]!, ids[1]!, ids[0]!, ids[2]!]),
    );
    expect(ranked.papers.map((p) => p.id)).toEqual(['2606.00002', '2606.00001', '2606.00003']);
  });

  it('leaves an empty day as it is, with its reason, without asking the ranking', async () => {
    const empty = chooseDigest('2026-06-13', [], everyPaper(settings));
    const never: TeamRanking = { rank: () => Promise.reject(new Error('not asked')) };
    expect(await rankedFor(own, empty, 3, never)).toEqual(empty);
  });
});
