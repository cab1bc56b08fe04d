import { afterEach, describe, expect, it } from 'vitest';
import type { MessageRef, Platform } from '../../../src/model.js';
import { ownFeedTeam } from '../../../src/personal/own-feed.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { applyVote } from '../../../src/votes/votes.js';
import { backendCases } from '../../support/backends.js';
import { subscription } from '../../support/delivery-rig.js';

const NOW = Date.parse('2026-06-12T12:00:00Z');
let order = 0;

/** A paper posted as one message in `team` (through the ledger, as a delivery records it). */
async function posted(stores: Stores, team: string, platform: Platform, paperId: string): Promise<MessageRef> {
  const channel = `${platform}:ch-${team}`;
  const ref: MessageRef = { platform, channelId: `ch-${team.replace(/:/g, '-')}`, messageId: `m-${paperId}` };
  await stores.ledger.begin(channel, '2026-06-11', {
    day: '2026-06-11',
    team,
    kind: 'digest',
    paperIds: [paperId],
    header: '',
    createdAt: NOW,
    by: 'schedule',
  });
  await stores.ledger.landed(channel, '2026-06-11', paperId, ref);
  return ref;
}

/** `voter` reacts with the vote emoji on the message (or takes it back), as the adapters hand it over. */
const vote = (stores: Stores, ref: MessageRef, voter: string, present = true) =>
  applyVote(
    { present, ref, voter, emoji: '👍', order: ++order },
    { stores, logger: silentLogger, now: () => NOW + order },
  );

async function link(stores: Stores, a: string, b: string): Promise<string> {
  const code = await stores.teams.offer('person', a, NOW);
  const result = await stores.teams.accept('person', code, b, NOW);
  if (!result.ok) throw new Error(result.reason);
  return result.joined;
}

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`a person's own feed on ${c.name}`, () => {
    afterEach(() => c.cleanup());

    it('is a team of its own, ranked by their votes from every team, with their linked account', async () => {
      const stores = createStores(await c.open());
      const server = await posted(stores, 'discord:g1', 'discord', '2606.00001');
      const workspace = await posted(stores, 'slack:T1', 'slack', '2606.00002');
      const later = await posted(stores, 'discord:g1', 'discord', '2606.00003');
      const someoneElses = await posted(stores, 'discord:g1', 'discord', '2606.00004');
      await vote(stores, server, 'discord:u1');
      await vote(stores, workspace, 'slack:U1');
      await vote(stores, someoneElses, 'discord:u2');
      const alone = await ownFeedTeam(stores, 'discord:u1');
      expect(alone.team).toBe('user:discord:u1');
      expect([...alone.votes.keys()]).toEqual(['2606.00001']);

      const person = await link(stores, 'discord:u1', 'slack:U1');
      await vote(stores, later, 'discord:u1'); // now counted for the person
      const linked = await ownFeedTeam(stores, 'discord:u1');
      expect(linked.team).toBe(person);
      expect([...linked.votes.keys()].sort()).toEqual(['2606.00001', '2606.00002', '2606.00003']);
      expect((await ownFeedTeam(stores, 'slack:U1')).votes).toEqual(linked.votes);
    });

    it('leaves out votes taken back, and keeps each paper at its first vote', async () => {
      const stores = createStores(await c.open());
      const one = await posted(stores, 'discord:g1', 'discord', '2606.00001');
      const again = await posted(stores, 'discord:g2', 'discord', '2606.00001');
      const gone = await posted(stores, 'discord:g1', 'discord', '2606.00002');
      await vote(stores, one, 'discord:u1');
      await vote(stores, again, 'discord:u1');
      await vote(stores, gone, 'discord:u1');
      await vote(stores, gone, 'discord:u1', false);
      const { votes } = await ownFeedTeam(stores, 'discord:u1');
      expect([...votes.keys()]).toEqual(['2606.00001']);
      expect(votes.get('2606.00001')).toBe(
        Math.min(...(await votedAt(stores, 'discord:u1', ['discord:g1', 'discord:g2']))),
      );
    });

    it("finds votes cast before votes noted their team, through the subscriptions' teams", async () => {
      const backend = await c.open();
      const stores = createStores(backend);
      await stores.subscriptions.put(subscription('c1')); // team discord:g1
      // A vote as an earlier version recorded it: the vote step only, no note of the team.
      await stores.votes.react({
        team: 'discord:g1',
        paperId: '2606.00007',
        identity: 'discord:u1',
        reaction: 'discord:c1:m7:👍',
        present: true,
        order: 1,
        at: NOW,
      });
      const { votes } = await ownFeedTeam(createStores(backend), 'discord:u1');
      expect([...votes]).toEqual([['2606.00007', NOW]]);
    });
  });
}

/** When `voter` voted for 2606.00001 in each team (ms). */
async function votedAt(stores: Stores, voter: string, teams: string[]): Promise<number[]> {
  const maps = await Promise.all(teams.map((t) => stores.votes.votesOf(t, voter)));
  return maps.map((m) => m.get('2606.00001')!);
}
