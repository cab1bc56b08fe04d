import type { Backend } from './backend.js';
import { requestClaim } from './keys.js';

/**
 * Signed requests seen, so each is accepted once however many instances share the store: a
 * request id is remembered for as long as its signature could still be accepted.
 */
export interface RequestLog {
  /** True the first time `id` is seen within `ttlMs` (ms), false for a repeat. */
  firstTime(id: string, ttlMs: number): Promise<boolean>;
}

export function createRequestLog(backend: Backend): RequestLog {
  return { firstTime: (id, ttlMs) => backend.claimOnce(requestClaim(id), ttlMs) };
}
