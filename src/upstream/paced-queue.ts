import type { Clock } from '../ports/clock.js';

/**
 * Runs tasks one at a time, each starting at least `gapMs` after the previous one finished (a
 * timer on `clock`, so a change of the wall clock neither shortens nor stretches the gap). A
 * rate-limiting queue counts from request starts; the services that need this (arXiv: one
 * connection, 3 s apart; a Slack channel: about one message per second) ask for spacing between
 * requests, so the gap is measured from the end of the previous one.
 */
export function createSpacedLane(gapMs: number, clock: Clock): <T>(task: () => Promise<T>) => Promise<T> {
  /** Settles once the previous task has finished and its gap has passed. */
  let ready: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = ready.then(task);
    ready = run.then(
      () => clock.sleep(gapMs),
      () => clock.sleep(gapMs),
    );
    return run;
  };
}
