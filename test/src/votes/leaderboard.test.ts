import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../commands/index.js';
import { boardCsv } from '../../../src/votes/board-export.js';
import { createManualClock } from '../../../src/ports/clock.js';
import { loadBoard } from '../../../src/votes/leaderboard.js';
import { createStores } from '../../../src/store/index.js';
import { backendCases } from '../../support/backends.js';
import { commandContext } from '../../support/command-context.js';
import { expectedBoard, expectedVoterTotals, seedHistory } from '../../support/vote-history.js';
import { plainText } from '../../../src/text/verbatim.js';

const NOW = Date.parse('2026-06-12T12:00:00Z');
const DAY = 86_400_000;
const TEAM = 'discord:g';
const VOTERS = Array.from({ length: 12 }, (_, i) => `discord:${500 + i}`);
const names = async (ids: readonly string[]) => new Map(ids.map((id) => [id, `Person ${id.slice(8)}`]));

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`leaderboards on ${c.name}`, () => {
    if (c.skip) console.log(`skipping the ${c.name} leaderboard tests: ${c.skip}`);
    afterEach(() => c.cleanup());

    async function seeded() {
      const backend = await c.open(`test-${randomUUID()}`);
      const stores = createStores(backend);
      const truth = await seedHistory(stores, {
        team: TEAM,
        now: NOW,
        paperCount: 40,
        voters: VOTERS,
        events: 600,
        seed: 11,
      });
      const ctx = commandContext(backend, { clock: createManualClock(NOW), displayNames: names, userId: VOTERS[0]! });
      return { stores, truth, ctx };
    }

    it('ranks every period by team votes, ties by HF upvotes, exactly as the history says', async () => {
      const { stores, truth, ctx } = await seeded();
      for (const [period, days] of [
        ['day', 1],
        ['week', 7],
        ['month', 30],
        ['year', 365],
        ['all', Infinity],
      ] as const) {
        const since = days === Infinity ? 0 : NOW - days * DAY;
        const want = expectedBoard(truth, since, 10);
        const board = await loadBoard(stores, TEAM, since, { limit: 10 });
        expect(
          board.rows.map((r) => ({ rank: r.rank, id: r.paperId, votes: r.votes, upvotes: r.upvotes, title: r.title })),
          period,
        ).toEqual(want);
        const all = expectedBoard(truth, since);
        expect([board.votes, board.papers, board.voters], period).toEqual([
          all.reduce((n, r) => n + r.votes, 0),
          all.length,
          expectedVoterTotals(truth, since).size,
        ]);
        const text = plainText((await runCommand('top', { period: `${period} 10` }, ctx)).text);
        if (want.length === 0) expect(text, period).toMatch(/^No votes yet/);
        else
          expect(text.split('\n').slice(1), period).toEqual(
            want.map((r) => `${r.rank}. ${r.votes} vote${r.votes === 1 ? '' : 's'} · ▲ ${r.upvotes} · ${r.title}`),
          );
      }
      expect(
        expectedBoard(truth, 0).some(
          (r, i, rows) => i > 0 && rows[i - 1]!.votes === r.votes && rows[i - 1]!.upvotes > r.upvotes,
        ),
      ).toBe(true); // the tie-break was needed
    });

    it('shows who votes most by name, all time and in a period, and my own votes', async () => {
      const { truth, ctx } = await seeded();
      for (const [period, since] of [
        ['all', 0],
        ['month', NOW - 30 * DAY],
      ] as const) {
        const want = [...expectedVoterTotals(truth, since)]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 5);
        const text = plainText((await runCommand('top', { period: `voters ${period}`, limit: 5 }, ctx)).text);
        expect(text.split('\n').slice(1), period).toEqual(
          want.map(([v, n], i) => `${i + 1}. Person ${v.slice(8)} · ${n} vote${n === 1 ? '' : 's'}`),
        );
        expect(text).not.toMatch(/<@/);
      }
      const mine = [...truth.byVoter.get(VOTERS[0]!)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const me = plainText((await runCommand('top', { period: 'me all', limit: 25 }, ctx)).text);
      expect(me.split('\n')[0]).toBe(`Your votes of all time (${mine.length}):`);
      expect(
        me
          .split('\n')
          .slice(1)
          .map((l) => l.split(' · ')[0]),
      ).toEqual(mine.slice(0, 25).map(([id], i) => `${i + 1}. ${truth.papers.find((p) => p.id === id)!.title}`));
    });

    it('exports the same rows as the leaderboard, as CSV', async () => {
      const { stores, truth, ctx } = await seeded();
      const answer = await runCommand('top', { period: 'year', limit: 8, format: 'csv' }, ctx);
      expect(answer.file?.name).toBe('top-year-8.csv');
      const lines = answer.file!.content.trimEnd().split('\r\n');
      expect(lines[0]).toBe('rank,paper_id,title,team_votes,hf_upvotes,first_posted,url,readers,takeaways');
      const want = expectedBoard(truth, NOW - 365 * DAY, 8);
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual(
        want.map((r) => `${r.rank},${r.id},${r.title},${r.votes},${r.upvotes}`),
      );
      expect(answer.file!.content).toBe(boardCsv(await loadBoard(stores, TEAM, NOW - 365 * DAY, { limit: 8 })));
    });
  });
}

describe('top, whatever the store', () => {
  it('reads the period, view and number of rows in any order, and says what it takes', async () => {
    const { createMemoryBackend } = await import('../../../src/store/memory-backend.js');
    const ctx = commandContext(createMemoryBackend());
    expect((await runCommand('top', { period: 'decade' }, ctx)).text).toMatch(
      /period must be one of day, week, month, year, all \(or me, voters/,
    );
    expect((await runCommand('top', { period: 'all week' }, ctx)).text).toMatch(/Give one period/);
    expect((await runCommand('top', { period: '40' }, ctx)).text).toMatch(/limit must be from 1 to 25/);
    expect((await runCommand('top', { period: 'voters', format: 'csv' }, ctx)).text).toMatch(
      /format:csv exports the papers leaderboard/,
    );
    expect((await runCommand('top', { period: '3 all' }, ctx)).text).toMatch(/^No votes yet of all time/);
    expect((await runCommand('top', { period: 'voters' }, ctx)).text).toMatch(/^Nobody has voted in the last 7 days/);
    expect((await runCommand('top', { period: 'me' }, ctx)).text).toMatch(/^You have no votes in the last 7 days/);
  });
});
