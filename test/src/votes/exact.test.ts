import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/ports/logger.js';
import type { MessageRef } from '../../../src/model.js';
import type { Backend } from '../../../src/store/backend.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { applyVote, clearVotes } from '../../../src/votes/votes.js';
import { backendCases } from '../../support/backends.js';
import { jittery, seeded } from '../../support/store-faults.js';

const TEAM = 'discord:g1';
const DAY = '2026-06-11';

/** Records paper `paperId` as posted in each channel, returning the messages that carry it. */
async function postIn(stores: Stores, paperId: string, channels: string[]): Promise<MessageRef[]> {
  const refs: MessageRef[] = [];
  for (const channelId of channels) {
    const key = `discord:${channelId}`;
    await stores.ledger.begin(key, DAY, {
      day: DAY,
      team: TEAM,
      kind: 'digest',
      paperIds: [paperId],
      header: 'h',
      createdAt: 1,
      by: 'schedule',
    });
    const ref: MessageRef = { platform: 'discord', channelId, messageId: `m-${channelId}-${paperId}` };
    await stores.ledger.landed(key, DAY, paperId, ref);
    refs.push(ref);
  }
  return refs;
}

const vote = (stores: Stores, ref: MessageRef, voter: string, present: boolean, order: number) =>
  applyVote({ present, ref, voter, emoji: '👍', order }, { stores, logger: silentLogger, now: () => order });

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`votes are exact on ${c.name}`, () => {
    if (c.skip) console.log(`skipping the ${c.name} vote tests: ${c.skip}`);
    afterEach(() => c.cleanup());
    const seeds = c.name === 'memory' || c.name === 'sqlite' ? 10 : 4;

    it(`200 people adding then removing and 100 keeping their vote leave 100 votes, in any order the pool runs them (${seeds} seeded orders, two instances)`, async () => {
      for (let seed = 1; seed <= seeds; seed++) {
        const random = seeded(seed);
        const ns = `test-${randomUUID()}`;
        const base = await c.open(ns);
        const second: Backend = c.name === 'memory' ? base : await c.open(ns);
        // Two instances (Slack may deliver a user's events to either), each through a reordering pool.
        const instances = [createStores(jittery(base, random)), createStores(jittery(second, random))];
        const [ref] = await postIn(createStores(base), 'p1', ['c1']);
        const events: Promise<unknown>[] = [];
        for (let u = 0; u < 300; u++) {
          const on = () => instances[Math.floor(random() * 2)]!;
          events.push(vote(on(), ref!, `discord:u${u}`, true, 10 * u + 1));
          if (u < 200) events.push(vote(on(), ref!, `discord:u${u}`, false, 10 * u + 2));
        }
        await Promise.all(events);
        const stores = createStores(base);
        expect(await stores.votes.count(TEAM, 'p1'), `seed ${seed}`).toBe(100);
        expect((await stores.votes.voters(TEAM, 'p1')).length, `seed ${seed}`).toBe(100);
        expect((await stores.votes.leaderboard(TEAM, 0))[0]?.votes, `seed ${seed}`).toBe(100);
        const totals = await stores.votes.voterTotals(TEAM);
        expect([totals.size, [...totals.values()].every((n) => n === 1)], `seed ${seed}`).toEqual([100, true]);
      }
    });

    it(`people linking their accounts while they react keep one vote each, and leave none behind once their reactions are gone (${seeds} seeded orders, two instances)`, async () => {
      for (let seed = 1; seed <= seeds; seed++) {
        const random = seeded(100 + seed);
        const ns = `test-${randomUUID()}`;
        const base = await c.open(ns);
        const second: Backend = c.name === 'memory' ? base : await c.open(ns);
        const instances = [createStores(jittery(base, random)), createStores(jittery(second, random))];
        const stores = createStores(base);
        const [onDiscord, onSlack] = await postIn(stores, 'p1', ['c1', 'c2']);
        const on = () => instances[Math.floor(random() * 2)]!;
        const both = (u: number, present: boolean, order: number) => [
          vote(on(), onDiscord!, `discord:u${u}`, present, order),
          vote(on(), onSlack!, `slack:u${u}`, present, order),
        ];
        const link = async (u: number) => {
          await new Promise((r) => setTimeout(r, random() * 5));
          const code = await stores.teams.offer('person', `discord:u${u}`, 0);
          expect(await stores.teams.accept('person', code, `slack:u${u}`, 0)).toMatchObject({ ok: true });
        };
        const people = Array.from({ length: 100 }, (_, u) => u);
        // Each person reacts from both accounts while the accounts are being linked: some reactions
        // count for an account, some for the person.
        await Promise.all(people.flatMap((u) => [...both(u, true, 1), link(u)]));
        // 60 take their reactions back; 40 take them back and react again, now as the linked person.
        await Promise.all(people.flatMap((u) => both(u, false, 2)));
        expect(await stores.votes.count(TEAM, 'p1'), `seed ${seed}`).toBe(0);
        expect((await stores.votes.voterTotals(TEAM)).size, `seed ${seed}`).toBe(0);
        await Promise.all(people.filter((u) => u >= 60).flatMap((u) => both(u, true, 3)));
        expect(await stores.votes.count(TEAM, 'p1'), `seed ${seed}`).toBe(40);
        const voters = await stores.votes.voters(TEAM, 'p1');
        expect([voters.length, voters.every((v) => v.startsWith('person:'))], `seed ${seed}`).toEqual([40, true]);
        const totals = await stores.votes.voterTotals(TEAM);
        expect([totals.size, [...totals.values()].every((n) => n === 1)], `seed ${seed}`).toEqual([40, true]);
        const person = await stores.teams.voterOf('discord:u70');
        expect([voters.includes(person), await stores.teams.voterOf('slack:u70')], `seed ${seed}`).toEqual([
          true,
          person,
        ]);
      }
    });

    it(`a message cleared while its adds still arrive keeps only the votes of reactions made after the clear, or on another message (${seeds} seeded orders, two instances)`, async () => {
      for (let seed = 1; seed <= seeds; seed++) {
        const random = seeded(200 + seed);
        const ns = `test-${randomUUID()}`;
        const base = await c.open(ns);
        const second: Backend = c.name === 'memory' ? base : await c.open(ns);
        const instances = [createStores(jittery(base, random)), createStores(jittery(second, random))];
        const on = () => instances[Math.floor(random() * 2)]!;
        const [cleared, other] = await postIn(createStores(base), 'p1', ['c1', 'c2']);
        const deps = { logger: silentLogger, now: () => 1 };
        // 100 people react before the clear (orders 1-100), and it is applied while their adds are in
        // flight; 20 react again after it (orders 201-220); 10 also react on the paper's other message.
        await Promise.all([
          ...Array.from({ length: 100 }, (_, u) => vote(on(), cleared!, `discord:u${u}`, true, u + 1)),
          clearVotes({ ref: cleared!, order: 150 }, { ...deps, stores: on() }),
          ...Array.from({ length: 20 }, (_, u) => vote(on(), cleared!, `discord:u${u}`, true, 201 + u)),
          ...Array.from({ length: 10 }, (_, u) => vote(on(), other!, `discord:u${u + 50}`, true, 300 + u)),
        ]);
        const stores = createStores(base);
        expect(await stores.votes.count(TEAM, 'p1'), `seed ${seed}`).toBe(30);
        // The clear delivered again, late: nothing changes.
        await clearVotes({ ref: cleared!, order: 150 }, { ...deps, stores });
        expect(await stores.votes.count(TEAM, 'p1'), `seed ${seed}`).toBe(30);
        expect((await stores.votes.voterTotals(TEAM)).size, `seed ${seed}`).toBe(30);
      }
    });

    it('a vote stays while the voter still reacts on the same paper in another channel', async () => {
      const stores = createStores(await c.open(`test-${randomUUID()}`));
      const [inA, inB] = await postIn(stores, 'p1', ['cA', 'cB']);
      await vote(stores, inA!, 'discord:u1', true, 1);
      await vote(stores, inB!, 'discord:u1', true, 2);
      await vote(stores, inA!, 'discord:u1', false, 3);
      expect(await stores.votes.count(TEAM, 'p1')).toBe(1);
      await vote(stores, inB!, 'discord:u1', false, 4);
      expect(await stores.votes.count(TEAM, 'p1')).toBe(0);
    });

    it('a platform redelivering the same event counts it once', async () => {
      const stores = createStores(await c.open(`test-${randomUUID()}`));
      const [ref] = await postIn(stores, 'p1', ['c1']);
      await Promise.all(Array.from({ length: 5 }, () => vote(stores, ref!, 'discord:u1', true, 7)));
      await vote(stores, ref!, 'discord:u1', false, 8);
      await vote(stores, ref!, 'discord:u1', true, 7); // the old add, delivered again late
      expect(await stores.votes.count(TEAM, 'p1')).toBe(0);
    });
  });
}
