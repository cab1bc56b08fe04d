import { describe, expect, it } from 'vitest';
import { paperMessage } from '../../adapters/discord/render.js';
import { paperBlocks } from '../../adapters/slack/blocks.js';
import { toCard } from '../../src/papers/card.js';
import { makePaper } from '../support/papers.js';

const paper = makePaper({
  id: '2606.11409',
  title: 'Risk Under Pressure',
  aiSummary: 'Agents take more risks when rushed.',
  upvotes: 12,
  githubRepo: 'https://github.com/example/risk',
  githubStars: 1234,
  numComments: 2,
  featuredOn: '2026-06-12',
});
const card = toCard(paper, { rank: 2, why: 'You voted for two papers on agents' });

describe('a paper card on each platform', () => {
  it('Discord: the ranked title first, the why line, the summary, one line of signals, the other links', () => {
    const m = paperMessage(card);
    const embed = m.embeds[0]!;
    expect(embed.author).toBeUndefined();
    expect(embed.title).toBe('2. Risk Under Pressure');
    expect(embed.url).toBe('https://huggingface.co/papers/2606.11409');
    expect(embed.description).toBe('*You voted for two papers on agents*\nAgents take more risks when rushed.');
    expect(embed.footer?.text).toBe('▲ 12 upvotes · ★ 1.2k on GitHub · 💬 2 comments');
    expect(m.components[0]!.components.map((c) => ('label' in c ? c.label : ''))).toEqual(['arXiv', 'PDF', 'Code']);
  });

  it('Slack: the same card in mrkdwn, signals in a context line, links as buttons', () => {
    const blocks = paperBlocks(card).blocks as {
      type: string;
      text?: { text: string };
      elements?: { text: string | { text: string } }[];
    }[];
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context', 'actions']);
    expect(blocks[0]!.text!.text).toBe(
      '*2. <https://huggingface.co/papers/2606.11409|Risk Under Pressure>*\n_You voted for two papers on agents_\nAgents take more risks when rushed.',
    );
    expect(blocks[1]!.elements![0]!.text).toBe('▲ 12 upvotes · ★ 1.2k on GitHub · 💬 2 comments');
    expect(blocks[2]!.elements!.map((e) => (typeof e.text === 'string' ? e.text : e.text.text))).toEqual([
      'arXiv',
      'PDF',
      'Code',
    ]);
  });
});
