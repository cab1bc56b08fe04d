import { describe, expect, it } from 'vitest';
import { forumTagNames } from '../../../adapters/discord/forum.js';
import { discordChoices } from '../../../adapters/discord/interactions.js';
import { numberIndex } from '../../../adapters/discord/reactions.js';

describe("Discord's limits, kept by the adapter", () => {
  it.each([
    [[], []],
    [
      ['2026-06-12', 'agents'],
      ['2026-06-12', 'agents'],
    ],
    [
      ['2026-06-12', 'large language models'],
      ['2026-06-12', 'large language model'],
    ],
    [
      ['2026-06-12', 'reinforcement learning', 'reinforcement learning agents'],
      ['2026-06-12', 'reinforcement learni'],
    ],
    [
      ['2026-06-12', 'a', 'b', 'c', 'd', 'e', 'f'],
      ['2026-06-12', 'a', 'b', 'c', 'd'],
    ],
    [
      ['2026-06-12', '                    x', 'y'],
      ['2026-06-12', 'y'],
    ],
    [
      ['2026-06-12', 'word with a space at twenty'],
      ['2026-06-12', 'word with a space at'],
    ],
  ])('a forum post asking for tags %j carries %j', (tags, names) => {
    expect(forumTagNames(tags)).toEqual(names);
  });

  it.each([
    [0, 0],
    [3, 3],
    [30, 25],
  ])('%i suggestions become %i choices', (n, kept) => {
    const many = Array.from({ length: n }, (_, i) => ({ name: `zone ${i}`, value: `z${i}` }));
    expect(discordChoices(many)).toEqual(many.slice(0, kept));
  });

  it.each([
    ['short', 'short'],
    ['x'.repeat(100), 'x'.repeat(100)],
    ['y'.repeat(101), 'y'.repeat(100)],
  ])('a suggestion %j is offered as %j', (text, offered) => {
    expect(discordChoices([{ name: text, value: text }])).toEqual([{ name: offered, value: offered }]);
  });

  it.each([
    ['1️⃣', 0],
    ['1⃣', 0],
    ['5️⃣', 4],
    ['🔟', 9],
    ['👍', undefined],
    ['1', undefined],
  ])('a reaction %j on a compact list votes for paper index %j', (emoji, index) => {
    expect(numberIndex(emoji)).toBe(index);
  });
});
