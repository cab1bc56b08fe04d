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
  it('carries title, links, summary, upvotes and thumbnail', () => {
    const p = fixturePapers().find((x) => x.id === '2606.11409')!;
    const card = toCard(p);
    expect(card.url).toBe('https://huggingface.co/papers/2606.11409');
    expect(card.bodyLabel).toBe('AI summary');
    expect(card.links.map((l) => l.label)).toEqual(['Hugging Face', 'arXiv', 'PDF', 'Code ★ 1']);
    expect(card.links[2]!.url).toBe('https://arxiv.org/pdf/2606.11409');
    expect(card.meta[0]).toBe('▲ 8 upvotes');
    expect(card.thumbnail).toMatch(/^https:\/\/cdn-thumbnails/);
  });

  it('falls back to an abstract excerpt and stays short for huge papers', () => {
    const abstract = 'word '.repeat(400).trim();
    const authors = Array.from({ length: 533 }, (_, i) => ({ name: `Author ${i}` }));
    const card = toCard(makePaper({ id: '2407.21783', abstract, authors, title: 'T'.repeat(400) }));
    expect(card.bodyLabel).toBe('Abstract');
    expect(card.body.length).toBeLessThanOrEqual(700);
    expect(card.body.endsWith('…')).toBe(true);
    expect(card.title.length).toBeLessThanOrEqual(250);
    expect(card.authors).toMatch(/and 525 more$/);
    expect(card.authors.length).toBeLessThanOrEqual(300);
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
    const card = toCard(makePaper({ id: '2606.13677', source: 'arxiv', publishedAt: '2026-06-11T17:59:49Z' }));
    expect(card.url).toBe('https://arxiv.org/abs/2606.13677');
    expect(card.links.map((l) => l.label)).toEqual(['arXiv', 'PDF']);
    expect(card.meta).toEqual(['published 2026-06-11']);
  });
});
