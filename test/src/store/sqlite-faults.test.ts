import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, serveHealth, storeCheck } from '../../../adapters/bot/http-health.js';
import { runCommand } from '../../../commands/index.js';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import type { Backend } from '../../../src/store/backend.js';
import { createSqliteBackend } from '../../../src/store/sqlite-backend.js';
import { commandContext } from '../../support/command-context.js';
import { fillUp, FULL, READ_ONLY } from '../../support/sqlite-faults.js';

describe('SQLite that cannot write', () => {
  let dir: string;
  let http: Server | undefined;
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    if (http) await new Promise((r) => http!.close(r));
    http = undefined;
    for (const c of cleanups.splice(0).reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open() {
    dir = mkdtempSync(join(tmpdir(), 'paperfeed-faults-'));
    const logger = createMemoryLogger();
    let conn: Database.Database | undefined;
    const backend = createSqliteBackend(join(dir, 'store.sqlite'), {
      logger,
      connect: (path) => (conn = new Database(path)),
    });
    cleanups.push(() => backend.close());
    const health = createHealth({ expect: ['store'] });
    health.ready = true;
    health.set('store', storeCheck(backend));
    http = await serveHealth(health, 0);
    const readyz = async () => {
      const res = await fetch(`http://127.0.0.1:${(http!.address() as { port: number }).port}/readyz`);
      return { code: res.status, store: ((await res.json()) as { checks: { store: string } }).checks.store };
    };
    return { backend, conn: conn!, logger, readyz };
  }

  const subscribeIn = (backend: Backend, channelId: string) =>
    runCommand(
      'subscribe',
      { time: '09:00', timezone: 'UTC' },
      commandContext(backend, { channel: { platform: 'discord', teamId: 'g', channelId } }),
    );
  const settingsOf = (backend: Backend, channelId: string) =>
    runCommand('settings', {}, commandContext(backend, { channel: { platform: 'discord', teamId: 'g', channelId } }));
  const told = (logger: ReturnType<typeof createMemoryLogger>) =>
    logger.entries.filter((e) => e.level !== 'debug').map((e) => `${e.level} ${e.msg}`);

  it('on a full disk, says "storage is full" (not an error id), fails readiness naming the store, logs it once, and writes again once there is room', async () => {
    const { backend, conn, logger, readyz } = await open();
    expect((await subscribeIn(backend, 'c1')).text).toMatch(/^📬 Subscribed/);
    fillUp(conn);

    for (const channel of ['c2', 'c3', 'c4']) expect((await subscribeIn(backend, channel)).text).toBe(FULL);
    expect((await settingsOf(backend, 'c1')).text).toMatch(/09:00 UTC/); // reads still answer
    expect(await readyz()).toEqual({
      code: 503,
      store: expect.stringMatching(/^sqlite is full since \d{4}-\d\d-\d\dT.*Z \(database or disk is full\)$/),
    });
    expect(told(logger)).toEqual(['warn storage is full (writes fail)']);

    conn.pragma('max_page_count = 1073741823'); // room again
    expect(await readyz()).toEqual({ code: 200, store: 'ok' });
    expect((await subscribeIn(backend, 'c2')).text).toMatch(/^📬 Subscribed/);
    expect(told(logger)).toEqual(['warn storage is full (writes fail)', 'info storage accepts writes again']);
  });

  it('on a database that turned read-only, says "storage is read-only", fails readiness, logs it once, and recovers', async () => {
    const { backend, conn, logger, readyz } = await open();
    expect((await subscribeIn(backend, 'c1')).text).toMatch(/^📬 Subscribed/);
    conn.pragma('query_only = ON'); // SQLite refuses every write on this connection: SQLITE_READONLY

    for (const channel of ['c1', 'c2']) expect((await subscribeIn(backend, channel)).text).toBe(READ_ONLY);
    expect((await settingsOf(backend, 'c1')).text).toMatch(/09:00 UTC/);
    expect(await readyz()).toEqual({
      code: 503,
      store: expect.stringMatching(/^sqlite is read-only since .*Z \(attempt to write a readonly database\)$/),
    });
    expect(told(logger)).toEqual(['warn storage is read-only (writes fail)']);

    conn.pragma('query_only = OFF');
    expect(await readyz()).toEqual({ code: 200, store: 'ok' });
    expect((await subscribeIn(backend, 'c2')).text).toMatch(/^📬 Subscribed/);
    expect(told(logger)).toEqual(['warn storage is read-only (writes fail)', 'info storage accepts writes again']);
  });
});
