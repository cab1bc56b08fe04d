import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { topNumbers, type Backend } from '../../../src/store/backend.js';
import { createManualClock } from '../../../src/ports/clock.js';
import { createStores } from '../../../src/store/index.js';
import type { Subscription } from '../../../src/subscriptions/subscription.js';
import type { Paper } from '../../../src/model.js';
import { backendCases, sharedBackend } from '../../support/backends.js';

const paper = (id: string, upvotes = 1): Paper => ({
  id,
  title: `Paper ${id}`,
  authors: [{ name: 'A. Author' }],
  abstract: 'Abstract.',
  keywords: [],
  upvotes,
  source: 'hf',
});

const sub = (channelId: string): Subscription => ({
  channel: { platform: 'discord', teamId: 'g1', channelId },
  time: '09:00',
  timeZone: 'Europe/Berlin',
  settings: { count: 5, keywords: [], minUpvotes: 0 },
  day: 'previous',
  emptyDayNote: true,
  createdAt: '2026-06-12T00:00:00Z',
  createdBy: 'u1',
  failures: 0,
});

/** A vote reaction by `voter` on paper `paperId` in Discord server `guild`, on message `message`. */
const vote = (guild: string, paperId: string, voter: string, present: boolean, order: number, message = 'c1:m1') => ({
  team: `discord:${guild}`,
  paperId,
  identity: voter,
  reaction: `discord:${message}:👍`,
  present,
  order,
  at: order,
});

/**
 * Lets `ms` pass for leases and claims: on the backend's clock where it keeps them (memory,
 * SQLite: at once), else on the server's (Redis, PostgreSQL: in real time).
 */
async function letPass(backend: Backend, clock: ReturnType<typeof createManualClock>, ms: number) {
  if (backend.shared) await new Promise((r) => setTimeout(r, ms));
  else clock.advance(ms);
}

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`store on ${c.name}`, () => {
    if (c.skip) console.log(`skipping the ${c.name} store contract: ${c.skip}`);
    afterEach(() => c.cleanup());
    const namespace = () => `test-${randomUUID()}`;

    it('keeps a cached day of papers with the time it was fetched', async () => {
      const { papers } = createStores(await c.open(namespace()));
      await papers.putDay('2026-06-11', { papers: [paper('2606.00001')], fetchedAt: 7 });
      await papers.putDay('2026-06-11', { papers: [paper('2606.00001'), paper('2606.00002')], fetchedAt: 9 });
      const day = await papers.getDay('2026-06-11');
      expect(day?.papers.map((p) => p.id)).toEqual(['2606.00001', '2606.00002']);
      expect(day?.fetchedAt).toBe(9);
      expect(await papers.getDay('2026-06-12')).toBeUndefined();
    });

    it('remembers every paper seen, and an arXiv record never replaces the HF one', async () => {
      const { papers } = createStores(await c.open(namespace()));
      await papers.remember([paper('2606.00001', 9), paper('2606.00002')]);
      await papers.remember([{ ...paper('2606.00001', 0), source: 'arxiv', title: 'thin' }]);
      expect((await papers.getPaper('2606.00001'))?.upvotes).toBe(9);
      expect((await papers.all()).map((p) => p.id).sort()).toEqual(['2606.00001', '2606.00002']);
      expect(await papers.getPaper('2606.99999')).toBeUndefined();
    });

    it('stores one subscription per channel and lists them all', async () => {
      const { subscriptions } = createStores(await c.open(namespace()));
      await subscriptions.put(sub('c1'));
      await subscriptions.put({ ...sub('c2'), time: '18:30' });
      await subscriptions.put({ ...sub('c1'), timeZone: 'Asia/Tokyo' });
      expect((await subscriptions.get({ platform: 'discord', channelId: 'c1' }))?.timeZone).toBe('Asia/Tokyo');
      expect((await subscriptions.list()).length).toBe(2);
      expect(await subscriptions.remove({ platform: 'discord', channelId: 'c1' })).toBe(true);
      expect(await subscriptions.remove({ platform: 'discord', channelId: 'c1' })).toBe(false);
      expect((await subscriptions.list()).map((s) => s.channel.channelId)).toEqual(['c2']);
    });

    it('counts a voter once however many times the same reaction arrives concurrently', async () => {
      const { votes } = createStores(await c.open(namespace()));
      const results = await Promise.all(
        Array.from({ length: 20 }, () => votes.react(vote('g1', 'p1', 'u1', true, 10))),
      );
      expect(results.filter((r) => r.voteDelta === 1)).toHaveLength(1);
      await Promise.all(['u2', 'u3'].map((u) => votes.react(vote('g1', 'p1', u, true, 10))));
      expect(await votes.count('discord:g1', 'p1')).toBe(3);
      expect((await votes.react(vote('g1', 'p1', 'u1', false, 11))).voteDelta).toBe(-1);
      expect((await votes.react(vote('g1', 'p1', 'u1', false, 12))).voteDelta).toBe(0);
      expect(await votes.count('discord:g1', 'p1')).toBe(2);
      expect((await votes.voters('discord:g1', 'p1')).sort()).toEqual(['u2', 'u3']);
    });

    it('ignores a reaction event older than one already applied (an add overtaken by its remove)', async () => {
      const { votes } = createStores(await c.open(namespace()));
      expect((await votes.react(vote('g1', 'p1', 'u1', false, 20))).voteDelta).toBe(0);
      expect(await votes.react(vote('g1', 'p1', 'u1', true, 10))).toEqual({ stale: true, voteDelta: 0 });
      expect(await votes.count('discord:g1', 'p1')).toBe(0);
    });

    it("keeps a vote while another of the voter's reactions on the same paper stands", async () => {
      const { votes } = createStores(await c.open(namespace()));
      await votes.react(vote('g1', 'p1', 'u1', true, 1, 'c1:m1'));
      await votes.react(vote('g1', 'p1', 'u1', true, 2, 'c2:m7'));
      expect(await votes.count('discord:g1', 'p1')).toBe(1);
      await votes.react(vote('g1', 'p1', 'u1', false, 3, 'c1:m1'));
      expect(await votes.count('discord:g1', 'p1')).toBe(1);
      await votes.react(vote('g1', 'p1', 'u1', false, 4, 'c2:m7'));
      expect(await votes.count('discord:g1', 'p1')).toBe(0);
    });

    it('ranks a team leaderboard by votes among papers posted in the period', async () => {
      const { votes } = createStores(await c.open(namespace()));
      await votes.notePosted('slack:T1', 'old', 100);
      await votes.notePosted('slack:T1', 'a', 1000);
      await votes.notePosted('slack:T1', 'b', 2000);
      await votes.notePosted('slack:T1', 'silent', 2000);
      await votes.notePosted('slack:T1', 'a', 5000); // a later repost keeps the first time
      const on = (team: string, paperId: string, voter: string) =>
        votes.react({ ...vote('x', paperId, voter, true, 1), team });
      for (const u of ['u1', 'u2']) await on('slack:T1', 'b', u);
      await on('slack:T1', 'a', 'u1');
      await on('slack:T1', 'old', 'u1');
      await on('discord:G9', 'a', 'u7');
      const board = await votes.leaderboard('slack:T1', 500);
      expect(board.map((r) => [r.paperId, r.votes])).toEqual([
        ['b', 2],
        ['a', 1],
      ]);
    });

    it("keeps each voter's vote count and own votes with the votes, and reads many at once", async () => {
      const { votes, papers, backend } = createStores(await c.open(namespace()));
      await votes.react(vote('g1', 'p1', 'u1', true, 1));
      await votes.react(vote('g1', 'p1', 'u1', true, 2, 'c2:m2')); // a second reaction on the same paper: still one vote
      await votes.react(vote('g1', 'p2', 'u1', true, 3, 'c1:m3'));
      await votes.react(vote('g1', 'p2', 'u2', true, 4, 'c1:m3'));
      await votes.react(vote('g1', 'p2', 'u2', true, 4, 'c1:m3')); // redelivered
      expect(Object.fromEntries(await votes.voterTotals('discord:g1'))).toEqual({ u1: 2, u2: 1 });
      expect(Object.fromEntries(await votes.votesOf('discord:g1', 'u1'))).toEqual({ p1: 1, p2: 3 });
      await votes.react(vote('g1', 'p2', 'u2', false, 5, 'c1:m3'));
      await votes.react(vote('g1', 'p2', 'u1', false, 6, 'c1:m3'));
      expect(Object.fromEntries(await votes.voterTotals('discord:g1'))).toEqual({ u1: 1 });
      expect([...(await votes.votesOf('discord:g1', 'u1')).keys()]).toEqual(['p1']);
      expect((await votes.votesOf('discord:g1', 'u2')).size).toBe(0);
      expect(await votes.votersOfMany('discord:g1', ['p2', 'p1', 'none'])).toEqual([[], ['u1'], []]);
      await votes.notePosted('discord:g1', 'p1', 100);
      expect(await votes.postedAt('discord:g1', ['p2', 'p1'])).toEqual([undefined, 100]);
      await papers.remember([paper('x1', 7), paper('x2', 9)]);
      expect((await papers.getPapers(['x2', 'nope', 'x1'])).map((p) => p?.upvotes)).toEqual([9, undefined, 7]);
      expect(await backend.mapGetMany('nothing', [])).toEqual([]);
    });

    it('counts linked accounts as one voter: a Discord and a Slack reaction on one paper are one vote', async () => {
      const { votes, teams } = createStores(await c.open(namespace()));
      const code = await teams.offer('person', 'discord:A', 0);
      expect(await teams.accept('person', code, 'slack:B', 1)).toMatchObject({ ok: true, with: 'discord:A' });
      const person = await teams.voterOf('slack:B');
      expect(person).toMatch(/^person:/);
      expect(await teams.voterOf('discord:A')).toBe(person);
      const team = 'team:t1';
      const on = (identity: string, reaction: string, present: boolean, order: number) =>
        votes.react({ team, paperId: 'p1', identity, reaction, present, order, at: order });
      expect((await on('discord:A', 'discord:c1:m1:👍', true, 10)).voteDelta).toBe(1);
      expect((await on('slack:B', 'slack:C1:1.000001:+1', true, 11)).voteDelta).toBe(0);
      expect(await votes.count(team, 'p1')).toBe(1);
      expect(await votes.voters(team, 'p1')).toEqual([person]);
      expect(Object.fromEntries(await votes.voterTotals(team))).toEqual({ [person]: 1 });
      expect([...(await votes.votesOf(team, person)).keys()]).toEqual(['p1']);
      // Either reaction keeps the vote; removing both takes it back.
      expect((await on('discord:A', 'discord:c1:m1:👍', false, 12)).voteDelta).toBe(0);
      expect((await on('slack:B', 'slack:C1:1.000001:+1', false, 13)).voteDelta).toBe(-1);
      expect(await votes.count(team, 'p1')).toBe(0);
      expect((await votes.voterTotals(team)).size).toBe(0);
      expect(await teams.identitiesOf(person)).toEqual(expect.arrayContaining(['discord:A', 'slack:B']));
      expect(await teams.peopleOf(['slack:B', 'slack:Z', person])).toEqual([person, 'slack:Z', person]);
    });

    it('takes back a vote from the voter it was counted for, when the accounts were linked or unlinked in between', async () => {
      const { votes, teams } = createStores(await c.open(namespace()));
      const team = 'team:t1';
      const on = (paperId: string, identity: string, present: boolean, order: number) =>
        votes.react({ team, paperId, identity, reaction: `${identity}:m-${paperId}:👍`, present, order, at: order });
      expect((await on('before', 'discord:A', true, 1)).voteDelta).toBe(1); // counted for discord:A
      expect(await teams.accept('person', await teams.offer('person', 'discord:A', 0), 'slack:B', 0)).toMatchObject({
        ok: true,
      });
      const person = await teams.voterOf('discord:A');
      expect((await on('after', 'discord:A', true, 2)).voteDelta).toBe(1); // counted for the person
      expect(Object.fromEntries(await votes.voterTotals(team))).toEqual({ 'discord:A': 1, [person]: 1 });
      expect((await on('before', 'discord:A', false, 3)).voteDelta).toBe(-1);
      expect(await teams.unlink('person', 'discord:A')).toBe(true);
      expect((await on('after', 'discord:A', false, 4)).voteDelta).toBe(-1);
      expect([await votes.count(team, 'before'), await votes.count(team, 'after')]).toEqual([0, 0]);
      expect((await votes.voterTotals(team)).size).toBe(0);
      expect((await votes.votesOf(team, person)).size).toBe(0);
      expect((await on('later', 'discord:A', true, 5)).voteDelta).toBe(1); // unlinked: the account again
      expect(await votes.voters(team, 'later')).toEqual(['discord:A']);
    });

    it('reads reaction rows stored before votes named their voter as counted for the account', async () => {
      const { votes, teams, backend } = createStores(await c.open(namespace()));
      const team = 'team:t1';
      await backend.batch([
        { map: `reactions:${team}:p1`, field: 'discord:A|discord:c1:m1:👍', set: '5:1' },
        { map: `vote-refs:${team}:p1`, field: 'discord:A', set: '1' },
        { map: `votes:${team}:p1`, field: 'discord:A', set: '5' },
        { map: `vote-counts:${team}`, field: 'p1', set: '1' },
        { map: `voter-counts:${team}`, field: 'discord:A', set: '1' },
        { map: `voter-votes:${team}:discord:A`, field: 'p1', set: '5' },
      ]);
      await teams.accept('person', await teams.offer('person', 'discord:A', 0), 'slack:B', 0);
      expect(
        (
          await votes.react({
            team,
            paperId: 'p1',
            identity: 'discord:A',
            reaction: 'discord:c1:m1:👍',
            present: true,
            order: 6,
            at: 6,
          })
        ).voteDelta,
      ).toBe(0);
      expect(
        (
          await votes.react({
            team,
            paperId: 'p1',
            identity: 'discord:A',
            reaction: 'discord:c1:m1:👍',
            present: false,
            order: 7,
            at: 7,
          })
        ).voteDelta,
      ).toBe(-1);
      expect(await votes.count(team, 'p1')).toBe(0);
      expect((await votes.voterTotals(team)).size).toBe(0);
      expect((await votes.votesOf(team, 'discord:A')).size).toBe(0);
    });

    it('ranks a map of counts on the store side, keeping every tie at the cut', async () => {
      const backend = await c.open(namespace());
      const values = [5, 3, 3, 3, 0, 9, 1, 3, -1];
      await backend.batch(values.map((v, i) => ({ map: 'counts', field: `f${i}`, set: String(v) })));
      const want = topNumbers(
        values.map((v, i) => [`f${i}`, String(v)]),
        3,
      );
      expect(want.top.map(([f]) => f)).toEqual(['f5', 'f0', 'f1', 'f2', 'f3', 'f7']);
      for (const limit of [1, 2, 3, 6, 7, 100]) {
        const got = await backend.mapTopNumbers('counts', limit);
        const ref = topNumbers(
          values.map((v, i) => [`f${i}`, String(v)]),
          limit,
        );
        expect({ ...got, top: [...got.top].sort() }, `limit ${limit}`).toEqual({ ...ref, top: [...ref.top].sort() });
      }
      expect(await backend.mapTopNumbers('empty', 5)).toEqual({ top: [], count: 0, sum: 0 });
    });

    it('writes a batch all at once, and compare-and-set changes only what it expected', async () => {
      const backend = await c.open(namespace());
      await backend.batch([
        { map: 'm', field: 'a', set: '1' },
        { map: 'm', field: 'b', setIfAbsent: '2' },
        { map: 'm', field: 'b', setIfAbsent: '3' },
        { map: 'n', field: 'x', set: '9' },
        { map: 'n', field: 'x', delete: true },
      ]);
      expect(Object.fromEntries(await backend.mapEntries('m'))).toEqual({ a: '1', b: '2' });
      expect((await backend.mapEntries('n')).size).toBe(0);
      const racers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => backend.mapCompareAndSet('m', 'a', '1', `v${i}`)),
      );
      expect(racers.filter(Boolean)).toHaveLength(1);
      expect(await backend.mapCompareAndSet('m', 'new', undefined, 'x')).toBe(true);
      expect(await backend.mapCompareAndSet('m', 'new', undefined, 'y')).toBe(false);
      expect(await backend.mapCompareAndSet('m', 'new', 'x', undefined)).toBe(true);
      expect(await backend.mapGet('m', 'new')).toBeUndefined();
    });

    it('lets exactly one of many racing owners take a lease, and another take it once it expires', async () => {
      const clock = createManualClock(Date.now());
      const backend = await c.open(namespace(), { clock });
      // Short enough to wait out, long enough that a loaded machine cannot let it lapse between two steps.
      const SHORT = 800;
      const wins = await Promise.all(
        Array.from({ length: 10 }, (_, i) => backend.acquireLease('job', `owner-${i}`, SHORT)),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      const holder = `owner-${wins.indexOf(true)}`;
      expect(await backend.acquireLease('job', holder, SHORT)).toBe(true); // renewal
      expect(await backend.acquireLease('job', 'late', SHORT)).toBe(false);
      await letPass(backend, clock, SHORT + 200);
      expect(await backend.acquireLease('job', 'late', 60_000)).toBe(true);
      await backend.releaseLease('job', holder); // not the holder any more: no effect
      expect(await backend.acquireLease('job', 'third', 60_000)).toBe(false);
      await backend.releaseLease('job', 'late');
      expect(await backend.acquireLease('job', 'third', 60_000)).toBe(true);
    });

    it('lets exactly one of many racing instances claim a name, and claims it again once its time is over', async () => {
      const clock = createManualClock(Date.now());
      const { first, another } = await sharedBackend(c, { clock });
      const second = await another();
      const SHORT = 800;
      const wins = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).claimOnce('request:a', SHORT)),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await first.claimOnce('request:a', SHORT)).toBe(false);
      expect(await second.claimOnce('request:b', SHORT)).toBe(true);
      await letPass(first, clock, SHORT + 200);
      expect(await second.claimOnce('request:a', 60_000)).toBe(true);
      expect(await first.claimOnce('request:a', 60_000)).toBe(false);
    });

    it('records a delivery: first intent wins, messages land once, and votes find their paper', async () => {
      const { ledger, votes } = createStores(await c.open(namespace()));
      const intent = {
        day: '2026-06-12',
        team: 'discord:g1',
        kind: 'digest' as const,
        paperIds: ['p1', 'p2'],
        header: 'Top papers',
        createdAt: 1,
        by: 'schedule',
      };
      const [a, b] = await Promise.all([
        ledger.begin('discord:c1', '2026-06-12', intent),
        ledger.begin('discord:c1', '2026-06-12', { ...intent, paperIds: ['p9'] }),
      ]);
      expect(a).toEqual(b);
      const ref = { platform: 'discord' as const, channelId: 'c1', messageId: 'm1' };
      await ledger.landed('discord:c1', '2026-06-12', 'header', { ...ref, messageId: 'm0' });
      await ledger.landed('discord:c1', '2026-06-12', a.paperIds[0]!, ref);
      const record = await ledger.get('discord:c1', '2026-06-12');
      expect([...record!.messages.keys()]).toEqual(expect.arrayContaining(['header', a.paperIds[0]]));
      expect(record!.finishedAt).toBeUndefined();
      await ledger.finish('discord:c1', '2026-06-12', 42);
      expect((await ledger.get('discord:c1', '2026-06-12'))!.finishedAt).toBe(42);
      expect(await ledger.paperForMessage(ref)).toEqual({ paperId: a.paperIds[0], team: 'discord:g1' });
      expect(await ledger.paperForMessage({ ...ref, messageId: 'other' })).toBeUndefined();
      expect(await ledger.messagesForPaper(a.paperIds[0]!)).toEqual([
        { ref, team: 'discord:g1', at: expect.any(Number), rank: 1 },
      ]);
      expect([...(await ledger.postedPapers('discord:c1'))]).toEqual([a.paperIds[0]]);
      expect((await votes.leaderboard('discord:g1', 0)).length).toBe(0);
    });

    it('records a compact list in one write: each number finds its paper, and nothing else does', async () => {
      const { ledger } = createStores(await c.open(namespace()));
      const intent = {
        day: '2026-06-12',
        team: 'slack:T1',
        kind: 'digest' as const,
        paperIds: ['p1', 'p2'],
        header: 'Top papers',
        createdAt: 1,
        by: 'schedule',
        layout: 'compact' as const,
      };
      await ledger.begin('slack:C1', '2026-06-12', intent);
      const list = { platform: 'slack' as const, channelId: 'C1', messageId: '1.000100' };
      await ledger.landed('slack:C1', '2026-06-12', 'header', list, intent.paperIds);
      expect(await ledger.paperForMessage(list, 1)).toEqual({ paperId: 'p2', team: 'slack:T1' });
      expect(await ledger.paperForMessage(list, 2)).toBeUndefined();
      expect(await ledger.paperForMessage(list)).toBeUndefined();
      expect([...(await ledger.postedPapers('slack:C1'))].sort()).toEqual(['p1', 'p2']);
    });

    it('answers a readiness ping while open', async () => {
      expect(await (await c.open(namespace())).ping()).toMatchObject({ kind: c.name, state: 'up' });
    });

    it('keeps data across reopening the same namespace', async () => {
      const ns = namespace();
      const first = createStores(await c.open(ns));
      await first.votes.react(vote('g1', 'p1', 'u1', true, 1));
      if (c.name === 'memory') return; // memory is per process by design
      const again = createStores(await c.open(ns));
      expect(await again.votes.count('discord:g1', 'p1')).toBe(1);
    });
  });
}
