import { describe, expect, it } from 'vitest';
import { createStores } from '../../../src/store/index.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import {
  earliestVotes,
  foldByPerson,
  rankPeople,
  votesOfPerson,
  votesPerPerson,
  votesSince,
} from '../../../src/votes/by-person.js';

const map = <V>(o: Record<string, V>) => new Map(Object.entries(o));

describe('votes by person', () => {
  it.each([
    ['nobody', {}, {}, {}],
    ['unlinked voters stay apart', { 'discord:A': 2, 'slack:B': 1 }, {}, { 'discord:A': 2, 'slack:B': 1 }],
    [
      "a person's accounts count as the person",
      { 'discord:A': 2, 'slack:B': 1, 'person:p': 3 },
      { 'discord:A': 'person:p', 'slack:B': 'person:p' },
      { 'person:p': 6 },
    ],
    [
      'two people and an unlinked voter',
      { 'discord:A': 1, 'slack:B': 1, 'discord:C': 4 },
      { 'discord:A': 'person:p', 'slack:B': 'person:q' },
      { 'person:p': 1, 'person:q': 1, 'discord:C': 4 },
    ],
  ])('%s: %j folded with %j is %j', (_, totals, personOf, folded) => {
    expect(Object.fromEntries(foldByPerson(map(totals), map(personOf)))).toEqual(folded);
  });

  it.each<[Record<string, number>[], Record<string, number>]>([
    [[], {}],
    [[{ p1: 5 }], { p1: 5 }],
    [[{ p1: 5, p2: 9 }, { p1: 3 }], { p1: 3, p2: 9 }],
    [[{ p1: 3 }, { p1: 5 }, { p3: 1 }], { p1: 3, p3: 1 }],
  ])('the votes of several accounts %j are one person voting %j', (lists, merged) => {
    expect(Object.fromEntries(earliestVotes(lists.map((l) => map(l))))).toEqual(merged);
  });

  it.each([
    [{}, []],
    [{ b: 1, a: 3 }, ['a', 'b']],
    [{ b: 2, a: 2, c: 5 }, ['c', 'a', 'b']],
  ])('who votes most among %j: %j', (totals, order) => {
    expect(rankPeople(map(totals)).map(([p]) => p)).toEqual(order);
  });

  it.each([
    [{ p1: 10, p2: 30, p3: 20 }, 0, ['p2', 'p3', 'p1']],
    [{ p1: 10, p2: 30, p3: 20 }, 20, ['p2', 'p3']],
    [{ p2: 5, p1: 5 }, 0, ['p1', 'p2']],
    [{ p1: 10 }, 11, []],
  ])('votes %j since %i, most recent first: %j', (votes, since, order) => {
    expect(votesSince(map(votes), since).map(([id]) => id)).toEqual(order);
  });

  it("counts an account's votes from before its link for the person, in a period and of all time", async () => {
    const stores = createStores(createMemoryBackend());
    const team = 'team:t1';
    const react = (paperId: string, identity: string, order: number) =>
      stores.votes.react({
        team,
        paperId,
        identity,
        reaction: `${identity}:m-${paperId}:👍`,
        present: true,
        order,
        at: order,
      });
    for (const p of ['p1', 'p2', 'p3']) await stores.votes.notePosted(team, p, 100);
    await react('p1', 'discord:A', 101); // before the link: stays under discord:A
    await react('p2', 'discord:C', 102);
    await stores.teams.accept('person', await stores.teams.offer('person', 'discord:A', 0), 'slack:B', 0);
    await react('p2', 'slack:B', 103); // after: counted for the person
    await react('p3', 'discord:A', 104);
    const person = await stores.teams.voterOf('discord:A');
    for (const since of [0, 50])
      expect(Object.fromEntries(await votesPerPerson(stores, team, since))).toEqual({ [person]: 3, 'discord:C': 1 });
    expect(Object.fromEntries(await votesOfPerson(stores, team, 'slack:B'))).toEqual({ p1: 101, p2: 103, p3: 104 });
    expect(Object.fromEntries(await votesOfPerson(stores, team, 'discord:C'))).toEqual({ p2: 102 });
  });
});
