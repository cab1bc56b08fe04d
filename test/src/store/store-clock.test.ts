import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../commands/index.js';
import { StoreUnavailableError } from '../../../src/errors.js';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import type { Backend, RawBackend } from '../../../src/store/backend.js';
import { BACKGROUND_STORE_TIMEOUT_MS, guardBackend, INTERACTIVE_STORE_TIMEOUT_MS } from '../../../src/store/guard.js';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { createStoreStatus } from '../../../src/store/store-status.js';
import { wrapOperations } from '../../../src/store/wrap-backend.js';
import { backendCases } from '../../support/backends.js';
import { commandContext } from '../../support/command-context.js';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.js';

/**
 * A store behind the guard whose operations run through `around` (to hang, or to fail as locked),
 * on `clock`: what SQLite, Redis and PostgreSQL look like to the guard when they do not answer.
 */
function guarded(clock: FakeClock, around: <T>(call: () => Promise<T>) => Promise<T>): Backend {
  const memory = createMemoryBackend({ clock });
  const raw: RawBackend = {
    kind: 'sqlite',
    shared: false,
    ...wrapOperations(memory, (call) => around(call)),
    close: () => memory.close(),
  };
  const classify = (error: unknown) => ((error as Error).message === 'SQLITE_BUSY' ? ('busy' as const) : undefined);
  return guardBackend(raw, { status: createStoreStatus('sqlite', createMemoryLogger(), clock.now), classify, clock });
}

const silent = () => new Promise<never>(() => undefined);

/** Settles `p` into a readable state without awaiting it: 'pending' until it has. */
function watch(p: Promise<unknown>) {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  let error: unknown;
  p.then(
    () => (state = 'resolved'),
    (e: unknown) => ((state = 'rejected'), (error = e)),
  );
  return { state: () => state, error: () => error };
}

describe('store bounds and retries, on the store clock', () => {
  it('fails a call the store never answers as "down" once its bound has passed, not before', async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const call = watch(guarded(clock, silent).mapGet('m', 'f'));
    await clock.advance(BACKGROUND_STORE_TIMEOUT_MS - 1);
    expect(call.state()).toBe('pending');
    await clock.advance(1);
    expect(call.state()).toBe('rejected');
    expect(call.error()).toBeInstanceOf(StoreUnavailableError);
    expect((call.error() as StoreUnavailableError).reason).toBe('down');
  });

  it("bounds a command's store calls by a command's 2 s, through the view built for commands", async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const backend = guarded(clock, silent);
    const command = watch(backend.withTimeout(INTERACTIVE_STORE_TIMEOUT_MS).mapEntries('subscriptions'));
    const background = watch(backend.mapEntries('subscriptions'));
    await clock.advance(INTERACTIVE_STORE_TIMEOUT_MS);
    expect(command.state()).toBe('rejected');
    expect(background.state()).toBe('pending');
  });

  it('answers a command with "try again shortly" once 2 s have passed while the store stays silent', async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const reply = runCommand('settings', {}, commandContext(guarded(clock, silent)));
    await clock.advance(INTERACTIVE_STORE_TIMEOUT_MS);
    expect((await reply).text).toBe('Storage is unavailable right now, try again shortly.');
  });

  it('retries a locked store after pauses on the clock (5 ms, then doubling) and writes once it is free', async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    let attempts = 0;
    let locked = true;
    const backend = guarded(clock, async (call) => {
      attempts++;
      if (locked) throw new Error('SQLITE_BUSY');
      return call();
    });
    const write = watch(backend.mapSet('m', 'f', 'v'));
    await clock.advance(0);
    expect(attempts).toBe(1);
    await clock.advance(5);
    expect(attempts).toBe(2);
    await clock.advance(10);
    expect(attempts).toBe(3);
    locked = false;
    await clock.advance(20);
    expect(write.state()).toBe('resolved');
    expect(await backend.mapGet('m', 'f')).toBe('v');
  });

  it('answers "busy" when the lock outlasts the bound', async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const backend = guarded(clock, async () => Promise.reject(new Error('SQLITE_BUSY')));
    const write = watch(backend.withTimeout(500).mapSet('m', 'f', 'v'));
    await clock.advance(499);
    expect(write.state()).toBe('pending');
    await clock.advance(1);
    expect((write.error() as StoreUnavailableError).reason).toBe('busy');
  });
});

describe('leases and claims, on the store clock', () => {
  // Redis and PostgreSQL time leases and claims on the server's clock; memory and SQLite on the one given.
  const cases = backendCases().filter((c) => c.name === 'memory' || c.name === 'sqlite');
  afterAll(async () => {
    for (const c of cases) await c.cleanup();
  });
  for (const c of cases) {
    it(`${c.name}: lets another owner take a lease once its time has passed, not before`, async () => {
      const clock = createFakeClock('2026-06-12T12:00:00Z');
      const backend = await c.open(undefined, { clock });
      expect(await backend.acquireLease('delivery:c:2026-06-12', 'a', 60_000)).toBe(true);
      await clock.advance(59_999);
      expect(await backend.acquireLease('delivery:c:2026-06-12', 'b', 60_000)).toBe(false);
      await clock.advance(1);
      expect(await backend.acquireLease('delivery:c:2026-06-12', 'b', 60_000)).toBe(true);
    });

    it(`${c.name}: records a claim again once its time has passed`, async () => {
      const clock = createFakeClock('2026-06-12T12:00:00Z');
      const backend = await c.open(undefined, { clock });
      expect(await backend.claimOnce('slack:sig', 301_000)).toBe(true);
      await clock.advance(300_999);
      expect(await backend.claimOnce('slack:sig', 301_000)).toBe(false);
      await clock.advance(1);
      expect(await backend.claimOnce('slack:sig', 301_000)).toBe(true);
    });
  }
});
