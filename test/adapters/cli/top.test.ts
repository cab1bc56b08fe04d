import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../../adapters/cli/main.js';
import { runCommand } from '../../../commands/index.js';
import { createManualClock } from '../../../src/ports/clock.js';
import { createStores } from '../../../src/store/index.js';
import { createSqliteBackend } from '../../../src/store/sqlite-backend.js';
import { commandContext } from '../../support/command-context.js';
import { expectedBoard, seedHistory, type VoteTruth } from '../../support/vote-history.js';
import { plainText } from '../../../src/text/verbatim.js';

const NOW = Date.parse('2026-06-12T12:00:00Z');
const TEAM = 'slack:T0001';
let dir: string;
let truth: VoteTruth;
let topAll: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperfeed-cli-top-'));
  const backend = createSqliteBackend(join(dir, 'store.sqlite'));
  truth = await seedHistory(createStores(backend), {
    team: TEAM,
    now: NOW,
    paperCount: 40,
    voters: ['slack:U1', 'slack:U2', 'slack:U3', 'slack:U4'],
    events: 300,
    seed: 3,
  });
  const ctx = commandContext(backend, {
    clock: createManualClock(NOW),
    channel: { platform: 'slack', teamId: 'T0001', channelId: 'C1' },
  });
  topAll = plainText((await runCommand('top', { period: 'all', limit: 25 }, ctx)).text);
  await backend.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), columns: 100 };
  const code = await main(
    args,
    {
      STORE_URL: `sqlite://${join(dir, 'store.sqlite')}`,
      HF_API_URL: 'http://127.0.0.1:9',
      ARXIV_API_URL: 'http://127.0.0.1:9/api/query',
    },
    io,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('paperfeed top', () => {
  it('exports the same rows, in the same order, as /papers top', async () => {
    const r = await run(['top', '--team', TEAM, '--limit', '25', '--csv']);
    expect(r.code).toBe(0);
    const csv = r.out
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(','));
    const shown = topAll
      .split('\n')
      .slice(1)
      .map((l) => /^(\d+)\. (\d+) votes? · ▲ (\d+) · (.+)$/.exec(l)!.slice(1));
    expect(csv.map((c) => [c[0], c[3], c[4], c[2]])).toEqual(shown);
  });

  it('exports papers posted since a day as JSON, matching the history', async () => {
    const r = await run(['top', '--team', TEAM, '--since', '2026-01-01', '--json']);
    const json = JSON.parse(r.out) as {
      team: string;
      since: string;
      papers: { rank: number; id: string; votes: number; upvotes: number; title: string }[];
    };
    expect([json.team, json.since]).toEqual([TEAM, '2026-01-01T00:00:00.000Z']);
    expect(json.papers.map(({ rank, id, votes, upvotes, title }) => ({ rank, id, votes, upvotes, title }))).toEqual(
      expectedBoard(truth, Date.parse('2026-01-01T00:00:00Z')),
    );
  });

  it('says what is wrong with its options', async () => {
    expect((await run(['top', '--team', 'T0001'])).err).toMatch(/--team must be platform:teamId/);
    expect((await run(['top', '--team', TEAM, '--since', '2026-13-01'])).err).toMatch(
      /--since must be a calendar date/,
    );
    expect((await run(['top', '--team', TEAM, '--json', '--csv'])).code).toBe(2);
    expect((await run(['top', '--team', 'discord:1'])).out).toBe('No votes in discord:1.');
  });
});
