import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs tasks one at a time, each starting at least `gapMs` after the previous one finished.
 * A rate-limiting queue counts from request starts; the services that need this (arXiv: one
 * connection, 3 s apart; a Slack channel: about one message per second) ask for spacing between
 * requests, so the gap is measured from the end of the previous one.
 */
export function createSpacedLane(gapMs: number): <T>(task: () => Promise<T>) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  let lastEnd = 0;
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = chain.then(async () => {
      const wait = lastEnd + gapMs - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await task();
      } finally {
        lastEnd = Date.now();
      }
    });
    chain = run.catch(() => undefined);
    return run;
  };
}
