import { describe, expect, it } from 'vitest';
import { chooseDigest, emptyDigestText } from '../../../src/papers/digest.js';
import { formatAuthors, toCard } from '../../../src/papers/card.js';
import { fixturePapers, makePaper } from '../../support/papers.js';

const settings = { count: 5, keywords: [] as string[], minUpvotes: 0 };

describe('choosing a digest', () => {
  const day = fixturePapers();

  it('takes the top papers by upvotes', () => {
    const d = chooseDigest('2026-06-12', day, settings);
    expect(d.papers.map((p) => p.upvotes)).toEqual([118, 103, 74, 25, 18]);
    expect(d.totalThatDay).toBe(30);
    expect(d.emptyReason).toBeUndefined();
  });

  it.each([
    [{ count: 1 }, 1],
    [{ count: 10 }, 10],
    [{ minUpvotes: 50 }, 3],
    [{ keywords: ['robust'] }, 2], // whole words: no longer "robustness"
    [{ keywords: ['zzz-nothing'] }, 0],
    [{ keywords: 'robust robustness' }, 3],
    [{ keywords: 'robust -corruptions' }, 1],
    [{ keywords: 'agents author:Xu' }, 2],
  ])('applies channel settings %j', (over, n) => {
    expect(chooseDigest('2026-06-12', day, { ...settings, ...over }).papers).toHaveLength(n);
  });

  it('leaves out papers already posted in the channel', () => {
    const posted = new Set(['2606.13681', '2606.13392']);
    const d = chooseDigest('2026-06-12', day, settings, posted);
    expect(d.papers.map((p) => p.id)).not.toContain('2606.13681');
    expect(d.papers[0]!.upvotes).toBe(74);
  });

  it.each([
    [[], settings, new Set<string>(), 'no-papers', /No papers were featured/],
    [
      [makePaper({ id: '1', upvotes: 1 })],
      { ...settings, minUpvotes: 5 },
      new Set<string>(),
      'all-filtered',
      /None of the 1 papers/,
    ],
    [[makePaper({ id: '1' })], settings, new Set(['1']), 'all-posted', /already been posted/],
  ] as const)('explains an empty day (%#)', (papers, s, posted, reason, text) => {
    const d = chooseDigest('2026-06-13', papers, s, posted);
    expect(d.papers).toEqual([]);
    expect(d.emptyReason).toBe(reason);
    expect(emptyDigestText(d)).toMatch(text);
  });
});

describe('paper cards', () => {
  it('carries its rank, the title linking to Hugging Face, the summary, one line of signals and the other links', () => {
    const p = fixturePapers().find((x) => x.id === '2606.11409')!;
    const card = toCard(p, { rank: 2 });
    expect(card.rank).toBe(2);
    expect(card.url).toBe('https://huggingface.co/papers/2606.11409');
    expect(card.bodyLabel).toBe('AI summary');
    expect(card.links.map((l) => l.label)).toEqual(['arXiv', 'PDF', 'Code']);
    expect(card.links[1]!.url).toBe('https://arxiv.org/pdf/2606.11409');
    expect(card.signals).toEqual(['▲ 8 upvotes', '★ 1 on GitHub', '💬 3 comments']);
    expect(card.authors).toBeUndefined();
    expect(card.thumbnail).toMatch(/^https:\/\/cdn-thumbnails/);
  });

  it('says the day and the team votes only when asked, and counts comments', () => {
    const p = makePaper({ id: '2606.00001', upvotes: 1, numComments: 1, featuredOn: '2026-06-12' });
    expect(toCard(p).signals).toEqual(['▲ 1 upvote', '💬 1 comment']);
    expect(toCard(p, { votes: 3, dated: true }).signals).toEqual([
      '▲ 1 upvote',
      '👍 3 team votes',
      '💬 1 comment',
      'featured 2026-06-12',
    ]);
  });

  it('falls back to an abstract excerpt and stays short for huge papers', () => {
    const abstract = 'word '.repeat(400).trim();
    const authors = Array.from({ length: 533 }, (_, i) => ({ name: `Author ${i}` }));
    const card = toCard(makePaper({ id: '2407.21783', abstract, authors, title: 'T'.repeat(400) }), { authors: true });
    expect(card.bodyLabel).toBe('Abstract');
    expect(card.body.length).toBeLessThanOrEqual(700);
    expect(card.body.endsWith('…')).toBe(true);
    expect(card.title.length).toBeLessThanOrEqual(250);
    expect(card.authors).toMatch(/and 525 more$/);
    expect(card.authors!.length).toBeLessThanOrEqual(300);
  });

  it.each([
    [[], 'Authors not listed'],
    [['A'], 'A'],
    [['A', 'B', 'C'], 'A, B, C'],
    [Array.from({ length: 10 }, (_, i) => `N${i}`), 'N0, N1, N2, N3, N4, N5, N6, N7 and 2 more'],
  ])('formats authors %j', (names, text) => {
    expect(formatAuthors(names)).toBe(text);
  });

  it('links an arXiv-only paper to arXiv, without upvotes', () => {
    const paper = makePaper({ id: '2606.13677', source: 'arxiv', publishedAt: '2026-06-11T17:59:49Z' });
    const card = toCard(paper, { dated: true });
    expect(card.url).toBe('https://arxiv.org/abs/2606.13677');
    expect(card.links.map((l) => l.label)).toEqual(['PDF']);
    expect(card.signals).toEqual(['published 2026-06-11']);
  });
});
