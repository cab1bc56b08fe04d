import type { Clock, Timer } from '../../src/ports/clock.js';

/** A clock whose time, timers included, moves only when the test says. */
export interface FakeClock extends Clock {
  /**
   * Lets `ms` pass: every timer due by then runs, in time order, with the clock reading its due
   * time; between timers, promise callbacks run, so work a timer starts can schedule the next one.
   */
  advance(ms: number): Promise<void>;
  /** Moves the wall clock to `t` without letting time pass: no timer runs (Node's timers do not follow the wall clock either). */
  set(t: number | string | Date): void;
  /** Timers and sleeps waiting. */
  pending(): number;
  /** How long until the next timer is due (ms), if any. */
  nextIn(): number | undefined;
}

interface Entry {
  /** Due, in ms of time passed since the clock was made (not wall time: `set` does not move it). */
  at: number;
  seq: number;
  run: () => void;
  /** Interval length (ms) for a repeating timer. */
  every?: number;
}

/** Lets promise callbacks and I/O already under way run, so a timer's effects land before the next timer. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A fake clock at `start`. Real Node timers are never used: a test that forgets to advance waits for ever. */
export function createFakeClock(start: number | string | Date): FakeClock {
  let wall = new Date(start).getTime();
  /** Time passed (ms): what timers count. */
  let passed = 0;
  let seq = 0;
  const entries = new Set<Entry>();
  const add = (e: Omit<Entry, 'seq'>): Timer => {
    const entry = { ...e, seq: seq++ };
    entries.add(entry);
    return { cancel: () => void entries.delete(entry) };
  };
  const next = (until: number) =>
    [...entries].filter((e) => e.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
  return {
    now: () => wall,
    setTimeout: (fn, ms) => add({ at: passed + Math.max(0, ms), run: fn }),
    setInterval: (fn, ms) => add({ at: passed + Math.max(1, ms), run: fn, every: Math.max(1, ms) }),
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      if (ms <= 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = add({ at: passed + ms, run: () => resolve() });
        signal?.addEventListener(
          'abort',
          () => {
            timer.cancel();
            reject(signal.reason as Error);
          },
          { once: true },
        );
      });
    },
    async advance(ms) {
      const until = passed + ms;
      for (;;) {
        await turn();
        const e = next(until);
        if (!e) break;
        wall += Math.max(0, e.at - passed);
        passed = Math.max(passed, e.at);
        if (e.every) e.at += e.every;
        else entries.delete(e);
        e.run();
      }
      wall += until - passed;
      passed = until;
      await turn();
    },
    set: (v) => void (wall = new Date(v).getTime()),
    pending: () => entries.size,
    nextIn: () => {
      const e = next(Infinity);
      return e && e.at - passed;
    },
  };
}
