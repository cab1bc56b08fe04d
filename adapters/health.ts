import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { StoreStatus } from '../src/store/store-status.js';

/**
 * Whether the bot is up; `GET /healthz` answers 200 once every started platform is ready and the
 * store answers, 503 otherwise, with a body naming the part that is not: `status` (`starting`,
 * `ok`, `degraded`), `platforms`, and `store` (`kind`, `state`: `up`, `busy` or `down`, `since`).
 */
export interface Health {
  ready: boolean;
  platforms: string[];
  /** The store's health probe (`Backend.ping`, bounded to about 1 s). */
  store?: () => Promise<StoreStatus>;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export function createHealth(): Health {
  const health: Health = {
    ready: false,
    platforms: [],
    handle(_req, res) {
      void (async () => {
        const store = await health.store?.().catch((): StoreStatus => ({ kind: 'unknown', state: 'down', since: Date.now() }));
        const storeUp = store?.state !== 'down';
        res.writeHead(health.ready && storeUp ? 200 : 503, { 'content-type': 'application/json' });
        const status = !health.ready ? 'starting' : storeUp ? 'ok' : 'degraded';
        res.end(JSON.stringify({ status, platforms: health.platforms, ...(store && { store: { kind: store.kind, state: store.state, since: new Date(store.since).toISOString() } }) }));
      })();
    },
  };
  return health;
}

/** A plain HTTP server for `/healthz`, used when no Slack HTTP receiver already serves the port. */
export async function serveHealth(health: Health, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/healthz') return health.handle(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, resolve));
  return server;
}
