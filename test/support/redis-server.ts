import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private redis-server a test can stop and start again on the same port. */
export interface RedisServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Freezes (SIGSTOP) or thaws (SIGCONT) the server: connected, but answering nothing. */
  freeze(frozen: boolean): void;
  /** Stops it for good and removes its saved data, if any. */
  close(): Promise<void>;
}

/** Why a private Redis cannot run here, if it cannot. */
export function redisServerMissing(): string | undefined {
  return spawnSync('redis-server', ['--version']).error ? 'the redis-server binary is not installed' : undefined;
}

/**
 * Starts one on a free port. `persistent`: what it holds is saved when it stops and read again when
 * it starts (an RDB file in a temp folder), as a production Redis would; otherwise a restart is empty.
 */
export async function startRedisServer(o: { persistent?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = o.persistent ? mkdtempSync(join(tmpdir(), 'paperfeed-redis-')) : undefined;
  const persistence = dir ? ['--dir', dir, '--save', '3600 1'] : ['--save', ''];
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', ...persistence, '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      await waitForPort(port, 10_000);
    },
    freeze(frozen) {
      child?.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
      child = undefined;
    },
    async close() {
      await server.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
