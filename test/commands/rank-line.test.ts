import { describe, expect, it } from 'vitest';
import { rankSentence } from '../../commands/rank-line.js';
import { code } from '../../src/text/rich.js';

/** The sentence as written here, with `…` for the option shown as code on every platform. */
const asCode = (text: string) => text.replace(/`([^`]+)`/g, (_, c: string) => code(c));

describe('which order a feed is in, and why', () => {
  const none = { papers: 0, votes: 0, notInterested: 0 };
  const some = { papers: 20, votes: 34, notInterested: 3, blend: 0.6 };
  it.each([
    ['hf', some, 'Papers are in Hugging Face upvote order (`rank:hf`).'],
    ['auto', some, "Papers are ranked by this team's taste: 34 votes, 3 not interested (`rank:auto`)."],
    [
      'auto',
      { papers: 1, votes: 2, notInterested: 0 },
      'Papers are in Hugging Face upvote order until this team has voted for 3 papers (1 so far), then ranked by its taste (`rank:auto`).',
    ],
    [
      'team',
      none,
      'Papers are in Hugging Face upvote order until this team votes, then ranked by its taste (`rank:team`).',
    ],
    [
      'team',
      { ...some, blend: 0 },
      "Papers are ranked by this team's taste: 34 votes, 3 not interested; so far they predict what it votes for no better than HF upvotes, so the order is still HF’s (`rank:team`).",
    ],
  ] as const)('rank:%s with %j', (mode, taste, text) => expect(rankSentence(mode, taste)).toBe(asCode(text)));
});
