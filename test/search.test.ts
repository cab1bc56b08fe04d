import { describe, expect, it } from 'vitest';
import { createSearchIndex, mergeResults } from '../src/search-index.js';
import { fixturePapers, makePaper } from './support/papers.js';

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
    idx.add([makePaper({ id: 'a', authors: [{ name: 'Malikeh Ehghaghi' }] }), makePaper({ id: 'b', title: 'Transformers at scale' })]);
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

  it('merges HF and local results without duplicates, HF first', () => {
    const merged = mergeResults([makePaper({ id: '1' }), makePaper({ id: '2' })], [makePaper({ id: '2' }), makePaper({ id: '3' })], 10);
    expect(merged.map((p) => p.id)).toEqual(['1', '2', '3']);
    expect(mergeResults([makePaper({ id: '1' })], [makePaper({ id: '3' })], 1).map((p) => p.id)).toEqual(['1']);
  });
});
