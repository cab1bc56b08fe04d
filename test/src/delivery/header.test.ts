import { describe, expect, it } from 'vitest';
import { headerText, shownCount, shownFeedName } from '../../../src/delivery/header.js';
import type { Digest } from '../../../src/model.js';
import { plainText } from '../../../src/text/rich.js';
import { makePaper } from '../../support/papers.js';

const day = (shown: number, matched: number, total: number): Digest => ({
  date: '2026-12-04',
  papers: Array.from({ length: shown }, (_, i) => makePaper({ id: `2612.0000${i}` })),
  totalThatDay: total,
  matched,
});

describe("a day's header", () => {
  it.each([
    ['no filter, more papers than shown', day(5, 30, 30), 'top 5 of 30'],
    ['no filter, every paper shown', day(3, 3, 3), 'top 3'],
    ['a filter that matched more than shown', day(3, 8, 30), 'top 3 of 8 matching'],
    ['a filter whose every match is shown', day(2, 2, 30), 'all 2 matching'],
    ['a filter that matched one paper', day(1, 1, 30), '1 matching'],
  ])('counts the papers the filter matched: %s', (_, d, count) => {
    expect(shownCount(d)).toBe(count);
  });

  it('names the feed only when the channel has several, the unnamed one as main', () => {
    expect(shownFeedName(undefined, 1)).toBeUndefined();
    expect(shownFeedName('agents', 1)).toBeUndefined();
    expect(shownFeedName(undefined, 3)).toBe('main');
    expect(shownFeedName('agents', 3)).toBe('agents');
    expect(plainText(headerText(day(3, 8, 30), '👍', 'messages', 'agents'))).toBe(
      '📰 agents · Hugging Face Daily Papers · Friday, 4 December 2026 · top 3 of 8 matching\nReact with 👍 on a paper to vote for it.',
    );
    expect(plainText(headerText({ ...day(0, 0, 30), emptyReason: 'all-filtered' }, '👍', 'messages', 'main'))).toBe(
      "📰 main · Hugging Face Daily Papers · Friday, 4 December 2026\nNone of the 30 papers on 2026-12-04 match this feed's filter or minimum upvotes.",
    );
  });
});
