import type { Backend } from '../../src/store/backend.js';
import { wrapOperations } from '../../src/store/wrap-backend.js';
import { never } from './fake-channels.js';

/** A small seeded generator (mulberry32), so a failing interleaving can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wraps every store operation of a backend (not its plain values, not `clear`) with `around`. */
function wrap(backend: Backend, around: <T>(call: () => Promise<T>, method: string) => Promise<T>): Backend {
  return {
    kind: backend.kind,
    shared: backend.shared,
    ...wrapOperations(backend, (call, name) =>
      name === 'clear' || name.startsWith('kv.') ? call() : around(call, name),
    ),
    close: () => backend.close(),
    ping: () => backend.ping(),
    status: () => backend.status(),
    withTimeout: (ms) => wrap(backend.withTimeout(ms), around),
  };
}

/**
 * A store reached through a connection pool that reorders: each call waits a random 0…`maxMs`
 * before it is sent, so two calls issued in one order may run in the other.
 */
export function jittery(backend: Backend, random: () => number, maxMs = 3): Backend {
  return wrap(backend, async (call) => {
    await sleep(Math.floor(random() * (maxMs + 1)));
    return call();
  });
}

/**
 * A store whose link can stall: during a stall, calls wait until it ends before they reach the
 * store (a network partition), so a lease holder can neither renew nor learn that it lost.
 */
export function stallable(backend: Backend): { backend: Backend; stall(ms: number): void } {
  let until = 0;
  const proxy = wrap(backend, async (call) => {
    const wait = until - Date.now();
    if (wait > 0) await sleep(wait);
    return call();
  });
  return { backend: proxy, stall: (ms) => void (until = Date.now() + ms) };
}

/** A process killed at its `k`-th store call (1-based): that call and every later one never happen. */
export function crashingAt(backend: Backend, k: number): { backend: Backend; calls(): number; crashed(): boolean } {
  let n = 0;
  const proxy = wrap(backend, (call) => (++n >= k ? never() : call()));
  return { backend: proxy, calls: () => n, crashed: () => n >= k };
}

/**
 * A backend whose process can be "killed": after `kill()` no call reaches the store any more (they
 * never settle), so a lease is neither renewed nor released, exactly as after a crash.
 */
export function killable(backend: Backend): { backend: Backend; kill(): void } {
  let dead = false;
  return { backend: wrap(backend, (call) => (dead ? never() : call())), kill: () => void (dead = true) };
}
