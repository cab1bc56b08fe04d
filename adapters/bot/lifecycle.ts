import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Feed } from '../../src/papers/feed.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';

/** A part of the running bot that can be stopped. */
export interface Part {
  stop(): Promise<void>;
}

/** The parts of a running bot, in start order. */
export interface Lifecycle {
  /** Runs `start` and keeps what it started, to be stopped in reverse start order. */
  start<T extends Part>(name: string, start: () => Promise<T>): Promise<T>;
  /** What runs, in start order. */
  names(): string[];
  /** Stops every part, last started first; a failure is logged and the others still stop. */
  stopAll(): Promise<void>;
}

/** An empty lifecycle; parts join it as they start. */
export function createLifecycle(logger: Logger): Lifecycle {
  const parts: { name: string; part: Part }[] = [];
  return {
    async start(name, start) {
      const part = await start();
      parts.push({ name, part });
      return part;
    },
    names: () => parts.map((p) => p.name),
    async stopAll() {
      for (const { name, part } of parts.splice(0).reverse())
        await part.stop().catch((error: unknown) => logger.warn('stop failed', { adapter: name, error }));
    },
  };
}

/** A listening server as a part: stopping closes it. */
export const serverPart = (server: Server): Part & { server: Server } => ({
  server,
  stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
});

/** The port a listening server was given (PORT=0 picks one). */
export const portOf = (server: Server): number => (server.address() as AddressInfo).port;

/** The search index being built in the background, and how to stop building it. */
export interface Warming {
  /** Settles once building stopped (done, failed, or aborted). */
  done: Promise<void>;
  abort(): void;
}

/**
 * Indexes, in the background, the stored papers the search index does not have yet: a store from
 * an earlier version (once, resumable), or a Redis store's papers for the index this process keeps.
 * Until then search answers from Hugging Face and the papers indexed so far. A failure only costs
 * offline search results.
 */
export function warmIndex(feed: Feed, logger: Logger, clock: Clock): Warming {
  const stop = new AbortController();
  const started = clock.now();
  const done = feed.warm(stop.signal).then(
    (papers) => {
      if (!stop.signal.aborted) logger.info('search index ready', { papers, ms: clock.now() - started });
    },
    (error: unknown) => logger.warn('search index not built; search answers from Hugging Face only', { error }),
  );
  return { done, abort: () => stop.abort() };
}
