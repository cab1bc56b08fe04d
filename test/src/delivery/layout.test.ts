import { describe, expect, it } from 'vitest';
import { forumTags } from '../../../src/delivery/layout.js';
import { DEFAULT_DIGEST_SETTINGS } from '../../../src/model.js';
import { makePaper } from '../../support/papers.js';

const paper = makePaper({
  id: '2606.00001',
  title: 'Reinforcement learning for large language models',
  abstract: 'Agents that plan, with a benchmark of tools and a study of training at scale.',
});

describe('forum tags', () => {
  it.each([
    ['', ['2026-06-12']],
    ['agents', ['2026-06-12', 'agents']],
    ["'large language models', agents", ['2026-06-12', 'large language models', 'agents']],
    ['-survey', ['2026-06-12']],
    [
      "agents, benchmark, tools, training, scale, 'reinforcement learning'",
      ['2026-06-12', 'agents', 'benchmark', 'tools', 'training', 'scale', 'reinforcement learning'],
    ],
  ])('a paper under the filter %j asks for the tags %j, day first, as written', (keywords, tags) => {
    expect(forumTags(paper, { ...DEFAULT_DIGEST_SETTINGS, keywords }, '2026-06-12')).toEqual(tags);
  });
});
