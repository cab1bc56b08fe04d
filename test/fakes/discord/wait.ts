/** Condition waits over the fake Discord's events, with the request log in timeout errors. */
import type { DiscordFakeState } from './state.js';
import type { RecordedRequest } from './types.js';

function describeRequests(requests: RecordedRequest[]): string {
  const last = requests
    .slice(-15)
    .map(
      (r) => `  ${r.method} ${r.path} → ${r.status}${r.route ? '' : ' (no route)'}${r.answer ? ` (${r.answer})` : ''}`,
    );
  return last.length
    ? `last ${last.length} of ${requests.length} requests:\n${last.join('\n')}`
    : 'no requests recorded';
}

export interface Waiter {
  /** Resolve when check() yields a value, re-checking on each `event`; reject with context on timeout. */
  until<T>(event: string, check: () => T | undefined, timeoutMs: number, what: () => string): Promise<T>;
  /** Reject every pending wait (the fake is closing). */
  cancelAll(): void;
}

export function createWaiter(state: DiscordFakeState): Waiter {
  const pending = new Set<() => void>();
  return {
    until<T>(event: string, check: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
      const found = check();
      if (found !== undefined) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          state.off(event, onEvent);
          pending.delete(cancel);
        };
        const onEvent = () => {
          const value = check();
          if (value !== undefined) {
            done();
            resolve(value);
          }
        };
        const cancel = () => {
          done();
          reject(new Error(`fake Discord closed while waiting for ${what()}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`Timed out after ${timeoutMs} ms waiting for ${what()}\n${describeRequests(state.requests)}`),
          );
        }, timeoutMs);
        state.on(event, onEvent);
        pending.add(cancel);
      });
    },
    cancelAll() {
      for (const cancel of [...pending]) cancel();
    },
  };
}
