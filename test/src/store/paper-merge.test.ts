import { describe, expect, it } from 'vitest';
import { mergePaper } from '../../../src/store/paper-merge.js';
import { makePaper } from '../../support/papers.js';

const hf = makePaper({ id: '2604.10000', title: 'From HF', upvotes: 40, aiSummary: 'In one line.', source: 'hf' });
const arxiv = makePaper({ id: '2604.10000', title: 'From arXiv', categories: ['cs.RO', 'cs.LG'], source: 'arxiv' });
const v2 = { ...arxiv, title: 'From arXiv, v2', version: { n: 2, on: '2026-04-29' } };

describe('what the paper store keeps', () => {
  it('keeps the Hugging Face record over an arXiv one, adding only what arXiv knows', () => {
    expect(mergePaper(hf, arxiv)).toEqual({ ...hf, categories: ['cs.RO', 'cs.LG'] });
    expect(mergePaper({ ...hf, categories: ['cs.RO'] }, v2)).toEqual({
      ...hf,
      categories: ['cs.RO'],
      version: { n: 2, on: '2026-04-29' },
    });
  });

  it('leaves a record as it is when nothing is new (no write)', () => {
    const both = { ...hf, categories: ['cs.RO'] };
    expect(mergePaper(both, arxiv)).toBe(both);
  });

  it('takes Hugging Face data over an arXiv record, keeping its categories and version', () => {
    expect(mergePaper(v2, hf)).toEqual({ ...hf, categories: ['cs.RO', 'cs.LG'], version: { n: 2, on: '2026-04-29' } });
  });

  it('takes a newer listing over an older arXiv record, never an older version over a newer one', () => {
    expect(mergePaper(arxiv, v2)).toEqual(v2);
    expect(mergePaper(v2, arxiv).version).toEqual({ n: 2, on: '2026-04-29' });
  });
});
