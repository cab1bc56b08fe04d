import { describe, expect, it } from 'vitest';
import { canonicalPaperId } from '../../../src/papers/paper-id.js';

describe('canonical paper ids', () => {
  it.each([
    ['2406.14833', '2406.14833'],
    ['2406.14833v2', '2406.14833'],
    ['  2406.14833v12 ', '2406.14833'],
    ['arXiv:2406.14833', '2406.14833'],
    ['https://arxiv.org/abs/2406.14833v3', '2406.14833'],
    ['arxiv.org/abs/2406.14833', '2406.14833'],
    ['https://arxiv.org/pdf/2406.14833v1', '2406.14833'],
    ['https://arxiv.org/pdf/2406.14833.pdf', '2406.14833'],
    ['https://export.arxiv.org/abs/2406.14833', '2406.14833'],
    ['https://huggingface.co/papers/2406.14833', '2406.14833'],
    ['https://huggingface.co/papers/2406.14833?utm=x#comments', '2406.14833'],
    ['<https://huggingface.co/papers/2406.14833>', '2406.14833'],
    ['0704.0001', '0704.0001'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['hep-th/9901001v2', 'hep-th/9901001'],
    ['https://arxiv.org/abs/hep-th/9901001v1', 'hep-th/9901001'],
    ['math.GT/0309136', 'math/0309136'],
  ])('reads %s as %s', (input, id) => {
    expect(canonicalPaperId(input)).toBe(id);
  });

  it.each([
    '',
    'hello',
    '2406.148',
    '2406.1483333',
    'https://example.com/abs/2406.14833',
    '12345.67890',
    'hep-th/99',
    '2406.14833v',
  ])('rejects %j', (input) => {
    expect(canonicalPaperId(input)).toBeUndefined();
  });
});
