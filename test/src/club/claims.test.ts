import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { applyClaim, clearClaims, type ClaimDeps } from '../../../src/club/claims.js';
import type { MessageRef } from '../../../src/model.js';
import { createManualClock } from '../../../src/ports/clock.js';
import { silentLogger } from '../../../src/ports/logger.js';
import type { Backend } from '../../../src/store/backend.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { backendCases } from '../../support/backends.js';
import { createRecordingClubPoster } from '../../support/club-posters.js';
import { jittery, seeded } from '../../support/store-faults.js';

const TEAM = 'discord:g1';
const DAY = '2026-06-11';

/** Records paper `paperId` as posted in channel `c1` (its own message), and a compact list of two papers in `c2`. */
async function post(stores: Stores): Promise<{ card: MessageRef; list: MessageRef }> {
  const intent = { day: DAY, team: TEAM, kind: 'digest' as const, header: 'h', createdAt: 1, by: 'schedule' };
  await stores.ledger.begin('discord:c1', DAY, { ...intent, paperIds: ['p1'] });
  const card: MessageRef = { platform: 'discord', channelId: 'c1', messageId: 'm1' };
  await stores.ledger.landed('discord:c1', DAY, 'p1', card);
  await stores.ledger.begin('discord:c2', DAY, { ...intent, paperIds: ['p1', 'p2'], layout: 'compact' });
  const list: MessageRef = { platform: 'discord', channelId: 'c2', messageId: 'm2' };
  await stores.ledger.landed('discord:c2', DAY, 'header', list, ['p1', 'p2']);
  return { card, list };
}

const depsOf = (stores: Stores, poster = createRecordingClubPoster()): ClaimDeps & { poster: typeof poster } => ({
  stores,
  logger: silentLogger,
  clock: createManualClock('2026-06-12T12:00:00Z'),
  posters: new Map([['discord', poster]]),
  poster,
});

const claim = (deps: ClaimDeps, ref: MessageRef, voter: string, present: boolean, order: number) =>
  applyClaim({ present, ref, voter, emoji: '📖', order }, deps);

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`📖 claims are exact on ${c.name}`, () => {
    if (c.skip) console.log(`skipping the ${c.name} claim tests: ${c.skip}`);
    afterEach(() => c.cleanup());
    const seeds = c.name === 'memory' || c.name === 'sqlite' ? 6 : 2;

    it(`120 readers claiming and withdrawing, 60 keeping their claim, with every add sent twice, leave 60 readers, each answered once (${seeds} seeded orders, two instances)`, async () => {
      for (let seed = 1; seed <= seeds; seed++) {
        const random = seeded(seed);
        const ns = `test-${randomUUID()}`;
        const base = await c.open(ns);
        const second: Backend = c.name === 'memory' ? base : await c.open(ns);
        const poster = createRecordingClubPoster();
        const instances = [
          depsOf(createStores(jittery(base, random)), poster),
          depsOf(createStores(jittery(second, random)), poster),
        ];
        const { card } = await post(createStores(base));
        const on = () => instances[Math.floor(random() * 2)]!;
        const events: Promise<unknown>[] = [];
        for (let u = 0; u < 180; u++) {
          const who = `discord:u${u}`;
          events.push(claim(on(), card, who, true, 10 * u + 1), claim(on(), card, who, true, 10 * u + 1));
          if (u < 120) events.push(claim(on(), card, who, false, 10 * u + 2));
        }
        await Promise.all(events);
        const stores = createStores(base);
        const readers = await stores.claims.readers(TEAM, 'p1');
        expect(readers.size, `seed ${seed}`).toBe(60);
        expect(
          [...readers.keys()].every((r) => Number(r.slice('discord:u'.length)) >= 120),
          `seed ${seed}`,
        ).toBe(true);
        // Nobody was answered twice; everyone still reading was answered.
        const named = poster.posts
          .filter((p) => p.kind === 'thread')
          .map((p) => /📖 .*?Name (u\d+)/.exec(p.message.text)![1]);
        expect(new Set(named).size, `seed ${seed}`).toBe(named.length);
        for (const r of readers.keys()) expect(named, `seed ${seed}`).toContain(r.slice('discord:'.length));
        expect((await stores.claims.claimedPapers(TEAM)).get('p1'), `seed ${seed}`).toBe(60);
        // Claims are not votes.
        expect(await stores.votes.count(TEAM, 'p1'), `seed ${seed}`).toBe(0);
      }
    });

    it('a person with linked accounts claims once, from either platform, and is named by the account that claimed', async () => {
      const stores = createStores(await c.open(`test-${randomUUID()}`));
      const { card } = await post(stores);
      const code = await stores.teams.offer('person', 'discord:u1', 0);
      await stores.teams.accept('person', code, 'slack:u1', 0);
      const deps = depsOf(stores);
      await claim(deps, card, 'discord:u1', true, 1);
      const slackCard: MessageRef = { platform: 'slack', channelId: 'C1', messageId: '1.1' };
      await stores.ledger.begin('slack:C1', DAY, {
        day: DAY,
        team: TEAM,
        kind: 'digest',
        paperIds: ['p1'],
        header: 'h',
        createdAt: 1,
        by: 'schedule',
      });
      await stores.ledger.landed('slack:C1', DAY, 'p1', slackCard);
      await claim(deps, slackCard, 'slack:u1', true, 2);
      const readers = await stores.claims.readers(TEAM, 'p1');
      expect([...readers.keys()]).toEqual([await stores.teams.voterOf('discord:u1')]);
      expect(await stores.claims.namesReading(TEAM, 'p1')).toEqual(['Name u1']);
      expect(deps.poster.posts.filter((p) => p.kind === 'thread')).toHaveLength(1);
    });

    it('removing all reactions takes the claims away, and an older 📖 arriving after it does not bring one back; a compact list claims nothing', async () => {
      const stores = createStores(await c.open(`test-${randomUUID()}`));
      const { card, list } = await post(stores);
      const deps = depsOf(stores);
      await claim(deps, card, 'discord:u1', true, 1);
      await claim(deps, card, 'discord:u2', true, 2);
      await clearClaims({ ref: card, order: 10 }, deps);
      await claim(deps, card, 'discord:u3', true, 5); // made before the clear, delivered after it
      expect((await stores.claims.readers(TEAM, 'p1')).size).toBe(0);
      await claim(deps, card, 'discord:u3', true, 11);
      expect([...(await stores.claims.readers(TEAM, 'p1')).keys()]).toEqual(['discord:u3']);
      await claim(deps, list, 'discord:u4', true, 12);
      expect((await stores.claims.readers(TEAM, 'p2')).size).toBe(0);
    });
  });
}
