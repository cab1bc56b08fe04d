import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Backend } from '../../src/store/backend.js';
import { describeOutage } from '../../src/store/store-status.js';
import { systemClock, type Clock } from '../../src/ports/clock.js';

/** A readiness check: returns (or resolves) while its dependency works, throws saying what is wrong otherwise. */
export type Check = () => void | Promise<void>;

/**
 * The store's readiness check: passes while it answers (a busy SQLite file still answers), fails
 * naming it when down or when it cannot write (full, read-only, disk errors).
 */
export function storeCheck(backend: Pick<Backend, 'ping'>): Check {
  return async () => {
    const store = await backend.ping();
    if (store.state === 'down') throw new Error(describeOutage(store));
  };
}

/** The paths health answers, on `PORT` (Slack's HTTP receiver serves them too); `/metrics` when metrics are given. */
export const HEALTH_PATHS = ['/livez', '/readyz', '/healthz', '/metrics'] as const;

/** What `/readyz` and `/healthz` answer: `ok` only when every check passes; each check reads "ok" or why not. */
export interface Readiness {
  ok: boolean;
  status: 'starting' | 'ready' | 'degraded' | 'stopping';
  checks: Record<string, string>;
}

/**
 * Liveness and readiness, kept apart as container platforms expect: `GET /livez` answers 200
 * while the process serves at all (restart it when it does not); `GET /readyz` (and `/healthz`)
 * answer 200 only while every check passes and 503 otherwise (send it no traffic meanwhile).
 */
export interface Health {
  /** False while starting or stopping: readiness is 503 whatever the checks say. */
  ready: boolean;
  stopping: boolean;
  /** Adds or replaces the check `name`; an expected check not yet set reads "starting". */
  set(name: string, check: Check): void;
  readiness(): Promise<Readiness>;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export interface HealthOptions {
  /** Checks that must exist before readiness can pass (e.g. store, discord, slack). */
  expect?: readonly string[];
  /** How long one check may take before it counts as down (ms). */
  timeoutMs?: number;
  /** What `GET /metrics` answers (Prometheus text); 404 without. */
  metrics?: { render(): Promise<{ contentType: string; body: string }> };
  /** Times each check's bound (default the system clock). */
  clock?: Clock;
}

export function createHealth(options: HealthOptions = {}): Health {
  const timeoutMs = options.timeoutMs ?? 2000;
  const clock = options.clock ?? systemClock;
  const checks = new Map<string, Check | undefined>((options.expect ?? []).map((n) => [n, undefined]));
  const run = async (check: Check | undefined): Promise<string> => {
    if (!check) return 'starting';
    const stopWaiting = new AbortController();
    const late = clock.sleep(timeoutMs, stopWaiting.signal).then(() => {
      throw new Error(`no answer within ${timeoutMs} ms`);
    });
    late.catch(() => undefined); // also rejects once cleared
    try {
      await Promise.race([Promise.resolve().then(check), late]);
      return 'ok';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      stopWaiting.abort();
    }
  };
  const health: Health = {
    ready: false,
    stopping: false,
    set: (name, check) => void checks.set(name, check),
    async readiness() {
      const names = [...checks.keys()];
      const results = await Promise.all(names.map((n) => run(checks.get(n))));
      const all = Object.fromEntries(names.map((n, i) => [n, results[i]!]));
      const passing = results.every((r) => r === 'ok');
      const status = health.stopping ? 'stopping' : !health.ready ? 'starting' : passing ? 'ready' : 'degraded';
      return { ok: status === 'ready', status, checks: all };
    },
    handle(req, res) {
      const path = req.url?.split('?')[0];
      if (path === '/livez') return void send(res, 200, { ok: true });
      if (path === '/metrics') return serveMetrics(res, options.metrics);
      health.readiness().then(
        (r) => send(res, r.ok ? 200 : 503, r),
        (error: unknown) => send(res, 503, { ok: false, error: String(error) }),
      );
    },
  };
  return health;
}

function serveMetrics(res: ServerResponse, metrics: HealthOptions['metrics']): void {
  if (!metrics) return void res.writeHead(404).end();
  metrics.render().then(
    ({ contentType, body }) =>
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
    (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}\n`),
  );
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** A plain HTTP server for the health paths, used when no Slack HTTP receiver already serves the port. */
export async function serveHealth(health: Health, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '';
    if (req.method === 'GET' && (HEALTH_PATHS as readonly string[]).includes(path)) return health.handle(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, resolve));
  return server;
}
