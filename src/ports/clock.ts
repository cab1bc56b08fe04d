/** Time port, so schedules and cache expiry can be tested with a controlled clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. */
export function createManualClock(
  start: number | string | Date,
): Clock & { set(t: number | string | Date): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => t,
    set: (v) => void (t = new Date(v).getTime()),
    advance: (ms) => void (t += ms),
  };
}
