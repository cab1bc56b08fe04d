import { afterEach, describe, expect, it } from 'vitest';
import { createStores } from '../../../src/store/index.js';
import { backendCases } from '../../support/backends.js';

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`"not interested" marks and imports on ${c.name}`, () => {
    afterEach(() => c.cleanup());

    it('keeps the newest mark of each person, whatever order the events arrive in, and never touches a leaderboard', async () => {
      const { taste, votes } = createStores(await c.open());
      expect(await taste.markNotInterested('slack:T1', '2603.1', 'slack:U1', false, 20, 2000)).toBe(false);
      expect(await taste.markNotInterested('slack:T1', '2603.1', 'slack:U1', true, 10, 1000)).toBe(false); // older than the removal
      expect(await taste.notInterested('slack:T1')).toEqual([]);
      expect(await taste.markNotInterested('slack:T1', '2603.1', 'slack:U1', true, 30, 3000)).toBe(true);
      expect(await taste.markNotInterested('slack:T1', '2603.1', 'slack:U2', true, 31, 3100)).toBe(true);
      expect(await taste.markNotInterested('slack:T1', '2603.1', 'slack:U2', true, 31, 3100)).toBe(false); // redelivered
      expect(await taste.notInterested('slack:T1')).toEqual([{ paperId: '2603.1', voters: 2, at: 3100 }]);
      expect(await votes.voted('slack:T1')).toEqual([]);
      expect((await votes.topCounts('slack:T1', 10)).votes).toBe(0);
    });

    it('changes the stamp on every change, and a reset forgets marks, imports and the model', async () => {
      const { taste } = createStores(await c.open());
      const stamps = [await taste.stamp('discord:G')];
      await taste.seed('discord:G', new Map([['2603.2', { kind: 'liked', votes: 3, at: 5 }]]));
      stamps.push(await taste.stamp('discord:G'));
      await taste.markNotInterested('discord:G', '2603.3', 'discord:1', true, 1, 6);
      stamps.push(await taste.stamp('discord:G'));
      await taste.saveModel('discord:G', { day: '2026-03-27', stamp: stamps[2]!, builtAt: 7, model: { x: 1 } });
      expect(new Set(stamps).size).toBe(3);
      expect(await taste.seeds('discord:G')).toEqual(new Map([['2603.2', { kind: 'liked', votes: 3, at: 5 }]]));
      await taste.reset('discord:G', 8);
      expect(await taste.seeds('discord:G')).toEqual(new Map());
      expect(await taste.notInterested('discord:G')).toEqual([]);
      expect(await taste.model('discord:G')).toBeUndefined();
      expect(await taste.resetAt('discord:G')).toBe(8);
      expect(await taste.stamp('discord:G')).not.toBe(stamps[2]);
    });
  });
}
