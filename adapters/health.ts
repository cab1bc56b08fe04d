import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Whether the bot is up; `GET /healthz` answers 200 once every started platform is ready, 503 otherwise. */
export interface Health {
  ready: boolean;
  platforms: string[];
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export function createHealth(): Health {
  const health: Health = {
    ready: false,
    platforms: [],
    handle(_req, res) {
      res.writeHead(health.ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: health.ready ? 'ok' : 'starting', platforms: health.platforms }));
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
