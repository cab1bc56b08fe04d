import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/ports/clock.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { backendCases, sharedBackend } from '../../support/backends.js';
import { papersOn, startInstance, subscription } from '../../support/delivery-rig.js';
import { createFakeChannels, never, until } from '../../support/fake-channels.js';
import { killable, seeded, sleep } from '../../support/store-faults.js';
import { plainText } from '../../../src/text/verbatim.js';

/** Friday 19 June 2026, 16:00 Berlin: the recap's slot. */
const SLOT = '2026-06-19T14:00:00Z';
const TEAM = 'discord:g1';
const LEASE_MS = 300;
const HEAD = "🏆 This week's most-voted papers in this team · week 25, to Friday, 19 June 2026";
const [A, B, C] = papersOn('2026-06-15');
/** A feed with a Friday 16:00 recap whose daily post for the day is done, so only the recap is due. */
const recapFeed = (id: string) =>
  subscription(id, {
    lastPostedDay: '2026-06-18',
    recap: { weekday: 'friday', time: '16:00', since: '2026-06-01T00:00:00Z' },
  });
const runsOn = (backend: string) => (backend === 'memory' || backend === 'sqlite' ? 20 : 8);

/** Papers posted in the team this week, with `votes[i]` distinct voters on the i-th. */
async function seedVotes(stores: Stores, votes: number[]) {
  const papers = [A!, B!, C!];
  await stores.papers.remember(papers);
  let order = 1;
  for (const [i, paper] of papers.entries()) {
    await stores.votes.notePosted(TEAM, paper.id, Date.parse('2026-06-15T09:00:00Z'));
    for (let v = 0; v < (votes[i] ?? 0); v++) await vote(stores, paper.id, `discord:u${v}`, order++);
  }
}
const vote = (stores: Stores, paperId: string, voter: string, order: number) =>
  stores.votes.react({
    team: TEAM,
    paperId,
    identity: voter,
    reaction: `discord:m-${paperId}:👍`,
    present: true,
    order,
    at: Date.parse('2026-06-16T10:00:00Z'),
  });
const line = (i: number, title: string, id: string, n: number) =>
  `${i}. ${title} (https://huggingface.co/papers/${id}) — ${n} vote${n === 1 ? '' : 's'}`;

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`weekly recap on ${c.name}`, () => {
    if (c.skip) console.log(`skipping the ${c.name} recap tests: ${c.skip}`);
    afterEach(() => c.cleanup());

    const shared = () => sharedBackend(c);

    const runs = runsOn(c.name);
    it(`posts the week's recap once when two instances race, and not again after a restart (${runs} seeded runs)`, async () => {
      const { first, another } = await shared();
      const second = await another();
      const clock = createManualClock(SLOT);
      const chat = createFakeChannels();
      const stores = createStores(first, clock);
      await seedVotes(stores, [1, 3, 0]);
      const expected = [HEAD, line(1, B!.title, B!.id, 3), line(2, A!.title, A!.id, 1)].join('\n');
      for (let run = 0; run < runs; run++) {
        const random = seeded(run + 1);
        const id = `recap${run}`;
        await stores.subscriptions.put(recapFeed(id));
        const jitter = () => sleep(Math.floor(random() * 3));
        const one = startInstance(first, { clock, poster: chat.poster('one', jitter), leaseMs: LEASE_MS });
        const two = startInstance(second, { clock, poster: chat.poster('two', jitter), leaseMs: LEASE_MS });
        const ticks = [one, two].map(async (bot) => (await jitter(), bot.runner.tick()));
        const outcomes = (await Promise.all(ticks))
          .flat()
          .filter((r) => r.channel.channelId === id)
          .map((r) => r.outcome);
        expect(
          outcomes.filter((o) => o === 'posted'),
          `run ${run}: ${outcomes.join(', ')}`,
        ).toHaveLength(1);
        expect(
          chat.in(id).map((p) => plainText(p.text)),
          `run ${run}`,
        ).toEqual([expected]);

        clock.set(Date.parse(SLOT) + 60_000);
        const restarted = startInstance(await another(), {
          clock,
          poster: chat.poster('restarted'),
          leaseMs: LEASE_MS,
        });
        expect((await restarted.runner.tick()).filter((r) => r.channel.channelId === id)).toEqual([]);
        expect(chat.in(id)).toHaveLength(1);
        expect(await stores.subscriptions.get(recapFeed(id).channel)).toMatchObject({
          lastRecapWeek: '2026-W25',
          lastRecap: { week: '2026-W25', status: 'posted' },
        });
        clock.set(SLOT);
      }
    });

    it('a recap whose holder died before posting is finished by another instance with the text it fixed, once', async () => {
      const { first, another } = await shared();
      const clock = createManualClock(SLOT);
      const chat = createFakeChannels();
      const stores = createStores(first, clock);
      await seedVotes(stores, [2, 0, 0]);
      await stores.subscriptions.put(recapFeed('c1'));
      const dying = killable(first);
      const killed = chat.poster('killed', () => {
        dying.kill();
        return never(); // died with the recap about to be sent
      });
      void startInstance(dying.backend, { clock, poster: killed, leaseMs: LEASE_MS }).runner.tick();
      await until(() => killed.count === 1, 5000, 'the holder to die');
      await vote(stores, B!.id, 'discord:late', 100); // a vote after the recap was planned does not change it
      const survivor = startInstance(await another(), { clock, poster: chat.poster('survivor'), leaseMs: LEASE_MS });
      await until(
        async () => (await survivor.runner.tick()).some((r) => r.recap && r.outcome === 'posted'),
        5000,
        'the survivor to post',
      );
      expect(chat.in('c1').map((p) => plainText(p.text))).toEqual([[HEAD, line(1, A!.title, A!.id, 2)].join('\n')]);
      expect(await survivor.runner.tick()).toEqual([]);
    });

    it('a recap whose answer was lost is recognised in the channel, not posted twice', async () => {
      const { first, another } = await shared();
      const clock = createManualClock(SLOT);
      const chat = createFakeChannels();
      await createStores(first, clock).subscriptions.put(recapFeed('c1'));
      const dying = killable(first);
      const lost = chat.poster('lost', undefined, {
        after: () => {
          dying.kill();
          return never(); // landed; the process died before hearing so
        },
      });
      void startInstance(dying.backend, { clock, poster: lost, leaseMs: LEASE_MS }).runner.tick();
      await until(() => chat.in('c1').length === 1, 5000, 'the recap to land');
      const survivor = startInstance(await another(), { clock, poster: chat.poster('survivor'), leaseMs: LEASE_MS });
      await until(
        async () => (await survivor.runner.tick()).some((r) => r.recap && r.outcome === 'posted'),
        5000,
        'the survivor to finish',
      );
      expect(chat.in('c1').map((p) => p.by)).toEqual(['lost']);
      expect(chat.in('c1')[0]!.text).toBe(`${HEAD}\nNobody voted this week — react with 👍 on a paper to vote.`);
    });
  });
}
