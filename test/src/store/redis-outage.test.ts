import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealth, serveHealth, storeCheck } from '../../../adapters/bot/http-health.js';
import { runCommand } from '../../../commands/index.js';
import { StoreUnavailableError } from '../../../src/errors.js';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import type { Backend } from '../../../src/store/backend.js';
import { createRedisBackend } from '../../../src/store/redis-backend.js';
import { commandContext } from '../../support/command-context.js';
import { redisServerMissing, startRedisServer, type RedisServer } from '../../support/redis-server.js';

const missing = redisServerMissing();
const UNAVAILABLE = 'Storage is unavailable right now, try again shortly.';

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(Boolean(missing))('a Redis outage', () => {
  if (missing) console.log(`skipping the Redis outage tests: ${missing}`);
  let redis: RedisServer | undefined;
  let backend: Backend | undefined;
  let http: Server | undefined;
  afterEach(async () => {
    if (http) await new Promise((r) => http!.close(r));
    await backend?.close().catch(() => undefined);
    await redis?.stop();
    http = backend = redis = undefined;
  });

  it('is answered with "storage is unavailable" at once, shown on /healthz, logged once, and ridden out after a restart', async () => {
    redis = await startRedisServer();
    const logger = createMemoryLogger();
    backend = await createRedisBackend(redis.url, { namespace: 'outage-test', logger });
    const ctx = commandContext(backend);
    const health = createHealth({ expect: ['store'] });
    health.ready = true;
    health.set('store', storeCheck(backend));
    http = await serveHealth(health, 0);
    const healthz = async () => {
      const res = await fetch(`http://127.0.0.1:${(http!.address() as { port: number }).port}/healthz`);
      return { code: res.status, body: (await res.json()) as { status: string; checks: { store: string } } };
    };
    expect((await runCommand('top', {}, ctx)).text).toMatch(/No votes yet/);
    expect(await healthz()).toMatchObject({ code: 200, body: { status: 'ready', checks: { store: 'ok' } } });

    await redis.stop();
    for (const command of ['top', 'subscribe', 'top', 'unsubscribe', 'top']) {
      const started = performance.now();
      expect((await runCommand(command, {}, ctx)).text).toBe(UNAVAILABLE);
      expect(performance.now() - started).toBeLessThan(2500);
    }
    await expect(backend.kv.get('anything')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await healthz()).toMatchObject({
      code: 503,
      body: { status: 'degraded', checks: { store: expect.stringMatching(/^redis is unavailable since /) } },
    });

    await redis.start();
    await waitFor(async () => (await backend!.ping()).state === 'up', 15_000);
    expect((await runCommand('top', {}, ctx)).text).toMatch(/No votes yet/);
    await backend.kv.set('after', 1);
    expect(await backend.kv.get('after')).toBe(1);
    expect(await healthz()).toMatchObject({ code: 200, body: { checks: { store: 'ok' } } });
    const logged = logger.entries.filter((e) => e.level !== 'debug').map((e) => `${e.level} ${e.msg}`);
    expect(logged).toEqual(['warn storage is unavailable', 'info storage reconnected']);
  });

  it('answers within the command bound when Redis is connected but not answering', async () => {
    redis = await startRedisServer();
    backend = await createRedisBackend(redis.url, { namespace: 'frozen-test' });
    const ctx = commandContext(backend);
    redis.freeze(true);
    const started = performance.now();
    expect((await runCommand('top', {}, ctx)).text).toBe(UNAVAILABLE);
    expect(performance.now() - started).toBeLessThan(2800); // INTERACTIVE_STORE_TIMEOUT_MS is 2000
    redis.freeze(false);
    await waitFor(async () => (await backend!.ping()).state === 'up', 5000);
    expect((await runCommand('top', {}, ctx)).text).toMatch(/No votes yet/);
  });
});
