import { describe, expect, it } from 'vitest';
import { boardCsv } from '../../../src/votes/board-export.js';
import { arxivIdIn, parseImport } from '../../../src/taste/import.js';

describe('import files', () => {
  it.each([
    ['2406.14833', '2406.14833'],
    ['2406.14833v3', '2406.14833'],
    ['arXiv:2406.14833', '2406.14833'],
    ['https://arxiv.org/pdf/2406.14833v2.pdf', '2406.14833'],
    ['https://huggingface.co/papers/2406.14833', '2406.14833'],
    ['10.48550/arXiv.2406.14833', '2406.14833'],
    ['arXiv preprint arXiv:2406.14833 [cs.CL]', '2406.14833'],
    ['hep-th/9901001', 'hep-th/9901001'],
  ])('finds the arXiv id in %j', (text, id) => expect(arxivIdIn(text)).toBe(id));

  it.each(['', 'hello', '1234.5', 'https://example.org/2406.14833x'])('finds none in %j', (text) =>
    expect(arxivIdIn(text)).toBeUndefined(),
  );

  it('reads the CSV `paperfeed top --csv` writes, quoted titles with commas and line breaks included', () => {
    const csv = boardCsv({
      rows: [
        {
          rank: 1,
          paperId: '2603.22918',
          title: 'EVA, "efficient"\nagents',
          votes: 4,
          upvotes: 26,
          firstPostedAt: 0,
          url: 'u',
        },
        { rank: 2, paperId: '2603.22341', title: 'T-MAP', votes: 1, upvotes: 23, firstPostedAt: 0, url: 'u' },
      ],
    } as never);
    expect(parseImport(csv)).toEqual({
      format: 'csv',
      entries: [
        { line: 2, id: '2603.22918', votes: 4 },
        { line: 4, id: '2603.22341', votes: 1 },
      ],
    });
  });

  it('reads BibTeX with nested braces and quoted values, and skips @comment', () => {
    const bib =
      '@comment{jabref}\n@article{a,\n  title = {A {Nested} Title},\n  howpublished = "\\url{https://arxiv.org/abs/2401.00001}"\n}\n';
    expect(parseImport(bib)).toEqual({ format: 'bibtex', entries: [{ line: 2, id: '2401.00001', votes: 1 }] });
  });
});
