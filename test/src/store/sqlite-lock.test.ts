import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../commands/index.js';
import { StoreUnavailableError } from '../../../src/errors.js';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import { createSqliteBackend } from '../../../src/store/sqlite-backend.js';
import { commandContext } from '../../support/command-context.js';

/** Largest gap between 5 ms ticks while `work` runs: how long the event loop was blocked (ms). */
async function maxLoopLag<T>(
  work: () => Promise<T>,
): Promise<{ lagMs: number; result: PromiseSettledResult<T>; tookMs: number }> {
  let last = performance.now();
  let lagMs = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - last - 5);
    last = now;
  }, 5);
  const started = performance.now();
  const [result] = await Promise.allSettled([work()]);
  clearInterval(tick);
  return { lagMs, result: result!, tookMs: performance.now() - started };
}

describe('SQLite locked by another process', () => {
  let dir: string;
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  });

  function open() {
    dir = mkdtempSync(join(tmpdir(), 'paperfeed-lock-'));
    const path = join(dir, 'store.sqlite');
    const logger = createMemoryLogger();
    const backend = createSqliteBackend(path, { logger });
    cleanups.push(() => backend.close());
    const other = new Database(path);
    cleanups.push(() => other.close());
    return { backend, other, logger };
  }

  it('fails a write as "busy" within its bound without blocking the event loop, and writes once the lock is gone', async () => {
    const { backend, other, logger } = open();
    other.exec('BEGIN EXCLUSIVE');
    const locked = await maxLoopLag(() => backend.withTimeout(500).mapSet('m', 'f', 'v1'));
    expect(locked.result.status).toBe('rejected');
    const error = (locked.result as PromiseRejectedResult).reason as unknown;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).reason).toBe('busy');
    expect(locked.tookMs).toBeGreaterThanOrEqual(400);
    expect(locked.tookMs).toBeLessThan(1500);
    expect(locked.lagMs).toBeLessThan(250); // one short busy wait (20 ms) at a time, never seconds (was 5 s)
    expect(backend.status().state).toBe('busy');

    other.exec('COMMIT');
    await backend.mapSet('m', 'f', 'v2');
    expect(await backend.mapGet('m', 'f')).toBe('v2');
    expect(backend.status().state).toBe('up');
    expect(logger.entries.map((e) => `${e.level} ${e.msg}`)).toEqual([
      'warn storage is busy (locked by another process)',
      'info storage is no longer busy',
    ]);
  });

  it('waits out a lock released within the bound instead of failing', async () => {
    const { backend, other } = open();
    other.exec('BEGIN EXCLUSIVE');
    setTimeout(() => other.exec('COMMIT'), 200);
    await backend.withTimeout(2000).kv.set('k', { n: 1 });
    expect(await backend.kv.get('k')).toEqual({ n: 1 });
  });

  it('answers /papers subscribe with "storage is busy" while another user\'s /papers help answers at once', async () => {
    const { backend, other } = open();
    const ctx = commandContext(backend);
    other.exec('BEGIN EXCLUSIVE');
    const started = performance.now();
    const subscribing = runCommand('subscribe', { time: '09:00', timezone: 'Europe/Berlin' }, ctx);
    const help = await runCommand('help', {}, { ...ctx, userId: 'discord:other', isAdmin: false });
    expect(help.text).toContain('/papers');
    expect(performance.now() - started).toBeLessThan(500);
    const refused = await subscribing;
    expect(refused.text).toBe('Storage is busy right now, try again shortly.');
    expect(performance.now() - started).toBeLessThan(3000); // inside Slack's and Discord's 3 s windows
    other.exec('COMMIT');
    expect((await runCommand('subscribe', { time: '09:00', timezone: 'Europe/Berlin' }, ctx)).text).not.toMatch(
      /busy|error id/,
    );
  });
});
