/** A timer the clock started; `cancel` stops it (nothing happens when it already ran). */
export interface Timer {
  cancel(): void;
}

/**
 * Time port: what time it is, and waits. Everything that reads the time or waits (schedules,
 * cache expiry, store bounds, retry pauses, live-card ticks) takes it, so a test can move time by
 * hand and reach every timer.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Runs `fn` once, `ms` milliseconds from now. Background work: the timer does not keep the
   * process alive (whatever waits for its effect, a server or a socket, does).
   */
  setTimeout(fn: () => void, ms: number): Timer;
  /** Runs `fn` every `ms` milliseconds until cancelled; like `setTimeout`, it does not keep the process alive. */
  setInterval(fn: () => void, ms: number): Timer;
  /**
   * Resolves `ms` milliseconds from now (at once for 0 or less); rejects with the signal's reason
   * when `signal` aborts first. Someone awaits it, so it keeps the process alive while it waits.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Node's timers, unref'd where the port says they do not keep the process alive. */
const systemTimers: Omit<Clock, 'now'> = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
  setInterval(fn, ms) {
    const t = setInterval(fn, ms);
    t.unref();
    return { cancel: () => clearInterval(t) };
  },
  sleep(ms, signal) {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(t);
        reject(signal!.reason as Error);
      };
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

/** The machine's clock and Node's timers. */
export const systemClock: Clock = { now: () => Date.now(), ...systemTimers };

/**
 * A clock whose time a test or benchmark sets by hand, while its waits take real time: for runs
 * against real servers (the platform fakes) that fix the date but let a 20 ms spacing pass. To move
 * the timers with the time too, use test/support/fake-clock.ts.
 */
export function createManualClock(
  start: number | string | Date,
): Clock & { set(t: number | string | Date): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => t,
    ...systemTimers,
    set: (v) => void (t = new Date(v).getTime()),
    advance: (ms) => void (t += ms),
  };
}
