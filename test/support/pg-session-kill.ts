/**
 * Run as its own process by test/src/store/postgres-restart.slow.test.ts: opens the PostgreSQL backend,
 * has every one of its sessions terminated from a separate admin connection, and keeps using it.
 * An unhandled 'error' event from any pool or client would end this process with exit code 1.
 * Prints the backend's log lines, then one summary line `{"summary": …}`.
 */
import pg from 'pg';
import { createLogger } from '../../src/logging/pino-logger.js';
import { createPostgresBackend } from '../../src/store/postgres-backend.js';

const url = process.env.POSTGRES_URL!;
const app = `paperfeed-kill-${process.pid}`;
const logger = createLogger('info', { write: (line) => process.stdout.write(line + '\n') });
const backend = await createPostgresBackend(`${url}${url.includes('?') ? '&' : '?'}application_name=${app}`, {
  namespace: app,
  logger,
});

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Several concurrent writes leave several idle clients in the pool, as a busy bot would.
await Promise.all(Array.from({ length: 5 }, (_, i) => backend.mapSet('m', `f${i}`, 'before')));
await backend.kv.set('k', 'before');

const admin = new pg.Client({ connectionString: url });
await admin.connect();
const kill = await admin.query<{ n: number }>(
  'SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) t',
  [app],
);
await admin.end();
// The pool hears of its dead idle clients through 'error' events; wait until it has.
await until(() => backend.status().state === 'down', 5000);

let failures = 0;
await until(async () => {
  try {
    await backend.mapSet('m', 'f0', 'after');
    return true;
  } catch {
    failures += 1;
    return false;
  }
}, 5000);
const after = {
  map: await backend.mapGet('m', 'f0'),
  kv: await backend.kv.get<string>('k'),
  lease: await backend.acquireLease('job', 'me', 1000),
  state: backend.status().state,
};
await backend.clear();
await backend.close();
process.stdout.write(JSON.stringify({ summary: { terminated: kill.rows[0]!.n, failures, after } }) + '\n');
