import { describe, expect, it } from 'vitest';
import { createSearchIndex, mergeResults } from '../../../src/search/index.js';
import { fixturePapers, makePaper } from '../../support/papers.js';

describe('local search', () => {
  const index = createSearchIndex();
  index.add(fixturePapers());

  it('finds a paper by words of its title', () => {
    const [hit] = index.search('adversarial robustness compute', 5);
    expect(hit!.id).toBe('2606.11409');
  });

  it('ranks a title match above an abstract-only match', () => {
    const idx = createSearchIndex();
    idx.add([
      makePaper({ id: 'abs', title: 'Something else', abstract: 'We study diffusion models at length.' }),
      makePaper({ id: 'title', title: 'Diffusion for everyone', abstract: 'Nothing to see.' }),
    ]);
    expect(idx.search('diffusion', 5).map((h) => h.id)).toEqual(['title', 'abs']);
  });

  it('finds papers by author and tolerates a prefix being typed', () => {
    const idx = createSearchIndex();
    idx.add([
      makePaper({ id: 'a', authors: [{ name: 'Malikeh Ehghaghi' }] }),
      makePaper({ id: 'b', title: 'Transformers at scale' }),
    ]);
    expect(idx.search('ehghaghi', 5).map((h) => h.id)).toEqual(['a']);
    expect(idx.search('transfor', 5).map((h) => h.id)).toEqual(['b']);
  });

  it('replaces a paper added twice instead of duplicating it', () => {
    const idx = createSearchIndex();
    idx.add([makePaper({ id: 'a', title: 'Old title' })]);
    idx.add([makePaper({ id: 'a', title: 'New title' })]);
    expect(idx.size).toBe(1);
    expect(idx.search('new', 5).map((h) => h.id)).toEqual(['a']);
  });

  it('answers an empty query with nothing', () => {
    expect(index.search('   ', 5)).toEqual([]);
  });

  it('answers a query of only stop words and single letters with nothing', () => {
    expect(index.search('the of a x', 5)).toEqual([]);
    expect(index.search('adversarial', 0)).toEqual([]);
  });

  it('matches plurals and accents', () => {
    const idx = createSearchIndex();
    idx.add([
      makePaper({ id: 'plural', title: 'Diffusion Models for Proteins' }),
      makePaper({ id: 'accent', title: 'Naïve Bayes revisited', authors: [{ name: 'José Müller' }] }),
      makePaper({ id: 'class', title: 'A class of kernels' }),
    ]);
    expect(idx.search('model', 5).map((h) => h.id)).toEqual(['plural']);
    expect(idx.search('protein models', 5).map((h) => h.id)).toEqual(['plural']);
    expect(idx.search('naive', 5).map((h) => h.id)).toEqual(['accent']);
    expect(idx.search('NAÏVE bayes', 5).map((h) => h.id)).toEqual(['accent']);
    expect(idx.search('jose muller', 5).map((h) => h.id)).toEqual(['accent']);
    expect(idx.search('class', 5).map((h) => h.id)).toEqual(['class']);
  });

  it('requires every word when some paper has them all', () => {
    const idx = createSearchIndex();
    idx.add([
      makePaper({ id: 'both', title: 'Graph neural networks', abstract: 'Message passing.' }),
      makePaper({ id: 'one', title: 'Graph rewriting', abstract: 'Graph graph graph.' }),
    ]);
    expect(idx.search('neural graph', 5).map((h) => h.id)).toEqual(['both']);
  });

  it('falls back to any word when not all match', () => {
    const idx = createSearchIndex();
    idx.add([
      makePaper({ id: 'graph', title: 'Graph neural networks' }),
      makePaper({ id: 'nerf', title: 'Neural radiance fields' }),
      makePaper({ id: 'other', title: 'Protein folding' }),
    ]);
    expect(
      idx
        .search('graph radiance', 5)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['graph', 'nerf']);
    // More matched words first, whatever the scores.
    expect(idx.search('neural graph zebra', 5).map((h) => h.id)).toEqual(['graph', 'nerf']);
    expect(idx.search('zebra giraffe', 5)).toEqual([]);
  });

  it('matches only the last word as a prefix, and only from three letters', () => {
    const idx = createSearchIndex();
    idx.add([
      makePaper({ id: 'rl', title: 'Reinforcement learning from feedback' }),
      makePaper({ id: 'ret', title: 'Retrieval augmented generation' }),
    ]);
    expect(idx.search('learning reinf', 5).map((h) => h.id)).toEqual(['rl']);
    expect(idx.search('re', 5)).toEqual([]);
    expect(idx.search('ret', 5).map((h) => h.id)).toEqual(['ret']);
    // "reinf" as a non-final word is a word of its own, which no paper has: only "learning" matches.
    expect(idx.search('reinf learning', 5).map((h) => h.id)).toEqual(['rl']);
    expect(idx.search('reinf generation', 5).map((h) => h.id)).toEqual(['ret']);
  });

  it('ranks title above authors above keywords above abstract', () => {
    const idx = createSearchIndex();
    idx.add([
      makePaper({ id: 'abstract', abstract: 'About vortex dynamics.' }),
      makePaper({ id: 'keywords', keywords: ['vortex'] }),
      makePaper({ id: 'summary', aiSummary: 'A paper on vortex shedding.', abstract: 'Fluids.' }),
      makePaper({ id: 'authors', authors: [{ name: 'Vortex Smith' }] }),
      makePaper({ id: 'title', title: 'Vortex' }),
    ]);
    const ids = idx.search('vortex', 10).map((h) => h.id);
    expect(ids[0]).toBe('title');
    expect(ids[1]).toBe('authors');
    expect(ids.slice(2, 4).sort()).toEqual(['keywords', 'summary']);
    expect(ids[4]).toBe('abstract');
  });

  it('indexes only the first 50 authors', () => {
    const idx = createSearchIndex();
    const authors = Array.from({ length: 60 }, (_, i) => ({ name: `Author Number${i}` }));
    idx.add([makePaper({ id: 'many', authors })]);
    expect(idx.search('number49', 5).map((h) => h.id)).toEqual(['many']);
    expect(idx.search('number55', 5)).toEqual([]);
  });

  it('returns the best hits in order, whatever the limit', () => {
    const idx = createSearchIndex();
    idx.add(
      Array.from({ length: 300 }, (_, i) =>
        makePaper({
          id: `p${i}`,
          title: i % 7 === 0 ? 'Sparse attention' : 'Dense layers',
          abstract: `Attention ${'word '.repeat(i % 13)}`,
        }),
      ),
    );
    const all = idx.search('attention', 1000);
    expect(all).toHaveLength(300);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    expect(idx.search('attention', 7)).toEqual(all.slice(0, 7));
    expect(all.slice(0, 43).every((h) => Number(h.id.slice(1)) % 7 === 0)).toBe(true);
  });

  it('never returns a replaced paper twice', () => {
    const idx = createSearchIndex();
    idx.add([makePaper({ id: 'keep', title: 'Stable quantum paper' })]);
    // Enough replacements to make the index rewrite its postings without the replaced entries.
    for (let round = 0; round < 1500; round++) {
      idx.add([
        makePaper({ id: 'a', title: `Quantum annealing round${round}` }),
        makePaper({ id: 'b', title: `Quantum walks round${round}` }),
      ]);
    }
    expect(idx.size).toBe(3);
    expect(
      idx
        .search('quantum', 10)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['a', 'b', 'keep']);
    expect(
      idx
        .search('round1499', 10)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(idx.search('round1498', 10)).toEqual([]);
    expect(idx.search('annealing', 10).map((h) => h.id)).toEqual(['a']);
    idx.add([makePaper({ id: 'keep', title: 'Stable paper' })]);
    expect(
      idx
        .search('quantum', 10)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(idx.size).toBe(3);
  });

  it('merges HF and local results without duplicates, HF first', () => {
    const merged = mergeResults(
      [makePaper({ id: '1' }), makePaper({ id: '2' })],
      [makePaper({ id: '2' }), makePaper({ id: '3' })],
      10,
    );
    expect(merged.map((p) => p.id)).toEqual(['1', '2', '3']);
    expect(mergeResults([makePaper({ id: '1' })], [makePaper({ id: '3' })], 1).map((p) => p.id)).toEqual(['1']);
  });
});
