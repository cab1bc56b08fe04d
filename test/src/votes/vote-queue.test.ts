import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import { systemClock } from '../../../src/ports/clock.js';
import { noMetrics, type Metrics } from '../../../src/ports/metrics.js';
import type { MessageRef } from '../../../src/model.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { createSqliteBackend } from '../../../src/store/sqlite-backend.js';
import { createVoteIntake } from '../../../src/votes/vote-intake.js';
import { StoreUnavailableError } from '../../../src/errors.js';
import type { Backend } from '../../../src/store/backend.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { wrapOperations } from '../../../src/store/wrap-backend.js';
import { createFakeClock } from '../../support/fake-clock.js';

const TEAM = 'discord:g1';
const DAY = '2026-06-11';

async function postPaper(stores: Stores): Promise<MessageRef> {
  await stores.ledger.begin('discord:c1', DAY, {
    day: DAY,
    team: TEAM,
    kind: 'digest',
    paperIds: ['p1'],
    header: 'h',
    createdAt: 1,
    by: 'schedule',
  });
  const ref: MessageRef = { platform: 'discord', channelId: 'c1', messageId: 'm1' };
  await stores.ledger.landed('discord:c1', DAY, 'p1', ref);
  return ref;
}

describe('the queue of votes waiting for the store', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** A SQLite store, and another process's connection to the same file that can hold its write lock. */
  async function lockedStore() {
    const dir = mkdtempSync(join(tmpdir(), 'paperfeed-queue-'));
    const path = join(dir, 'store.sqlite');
    const backend = createSqliteBackend(path, { timeoutMs: 200 });
    const other = new Database(path);
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => backend.close(),
      () => other.close(),
    );
    const stores = createStores(backend);
    return { stores, other, ref: await postPaper(stores) };
  }

  it('keeps at most its bound: the oldest are dropped, logged once and counted, the rest applied when the store answers', async () => {
    const { stores, other, ref } = await lockedStore();
    const logger = createMemoryLogger();
    const counted: string[] = [];
    const metrics: Metrics = { ...noMetrics, voteQueue: (outcome, waiting) => counted.push(`${outcome}:${waiting}`) };
    const votes = createVoteIntake({ stores, logger, metrics, clock: systemClock }, { limit: 3, retryMs: 60_000 });
    cleanups.push(() => votes.stop());
    other.exec('BEGIN EXCLUSIVE');
    for (let u = 1; u <= 5; u++)
      await votes.react({ present: true, ref, voter: `discord:u${u}`, emoji: '👍', order: u });
    expect(votes.pending()).toBe(3);
    expect(counted.filter((c) => c.startsWith('dropped'))).toEqual(['dropped:3', 'dropped:3']);
    const warned = logger.entries.filter((e) => e.level === 'warn').map((e) => e.msg);
    expect(warned).toEqual([
      'votes are kept until the store answers again',
      'vote queue full: dropping the oldest votes kept',
    ]);

    other.exec('COMMIT');
    await votes.retry();
    expect(votes.pending()).toBe(0);
    expect((await stores.votes.voters(TEAM, 'p1')).sort()).toEqual(['discord:u3', 'discord:u4', 'discord:u5']);
    expect(logger.entries.find((e) => e.msg === 'kept votes applied')?.ctx).toMatchObject({ kept: 5, dropped: 2 });
  });

  it('goes on trying while the store stays locked, and applies kept adds and removals in their own order', async () => {
    const { stores, other, ref } = await lockedStore();
    const votes = createVoteIntake(
      { stores, logger: createMemoryLogger(), clock: systemClock },
      { retryMs: 20, maxRetryMs: 40 },
    );
    cleanups.push(() => votes.stop());
    other.exec('BEGIN EXCLUSIVE');
    // u1's removal is received before its add (a reordering), u2 votes and un-votes, u3 votes.
    await votes.react({ present: false, ref, voter: 'discord:u1', emoji: '👍', order: 2 });
    await votes.react({ present: true, ref, voter: 'discord:u1', emoji: '👍', order: 1 });
    await votes.react({ present: true, ref, voter: 'discord:u2', emoji: '👍', order: 3 });
    await votes.react({ present: false, ref, voter: 'discord:u2', emoji: '👍', order: 4 });
    await votes.react({ present: true, ref, voter: 'discord:u3', emoji: '👍', order: 5 });
    expect(votes.pending()).toBe(5);
    await new Promise((r) => setTimeout(r, 300)); // several retries fail meanwhile (bound 200 ms each)
    expect(votes.pending()).toBe(5);
    other.exec('COMMIT');
    for (let i = 0; i < 100 && votes.pending() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(votes.pending()).toBe(0);
    expect(await stores.votes.voters(TEAM, 'p1')).toEqual(['discord:u3']);
  });

  it('says at shutdown how many kept votes are lost', async () => {
    const { stores, other, ref } = await lockedStore();
    const logger = createMemoryLogger();
    const votes = createVoteIntake({ stores, logger, clock: systemClock }, { retryMs: 60_000 });
    other.exec('BEGIN EXCLUSIVE');
    await votes.react({ present: true, ref, voter: 'discord:u1', emoji: '👍', order: 1 });
    votes.stop();
    other.exec('COMMIT');
    expect(logger.entries.find((e) => e.msg.startsWith('stopping with votes not applied'))?.ctx).toMatchObject({
      lost: 1,
    });
  });

  it('tries kept votes again after its wait on the clock, twice as long each time the store still does not answer', async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const memory = createMemoryBackend({ clock });
    let down = true;
    let tries = 0;
    const backend: Backend = {
      ...memory,
      ...wrapOperations(memory, (call, name) => {
        if (name !== 'applyReaction') return call();
        tries++;
        return down ? Promise.reject(new StoreUnavailableError('down', 'memory')) : call();
      }),
    };
    const stores = createStores(backend);
    const ref = await postPaper(stores);
    const votes = createVoteIntake({ stores, logger: createMemoryLogger(), clock }, { retryMs: 500, maxRetryMs: 5000 });
    cleanups.push(() => votes.stop());
    await votes.react({ present: true, ref, voter: 'discord:u1', emoji: '👍', order: 1 });
    expect([tries, votes.pending()]).toEqual([1, 1]);
    await clock.advance(499);
    expect(tries).toBe(1);
    await clock.advance(1);
    expect(tries).toBe(2);
    await clock.advance(999);
    expect(tries).toBe(2);
    await clock.advance(1);
    expect(tries).toBe(3);
    down = false;
    await clock.advance(2000);
    expect([tries, votes.pending()]).toEqual([4, 0]);
    expect(await stores.votes.voters(TEAM, 'p1')).toEqual(['discord:u1']);
  });
});
