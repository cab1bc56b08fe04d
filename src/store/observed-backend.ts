import { StoreUnavailableError } from '../errors.js';
import type { Metrics } from '../ports/metrics.js';
import type { Backend } from './backend.js';
import { wrapOperations } from './wrap-backend.js';

/**
 * Counts every failed store operation, as its caller sees it (after the guard's retries):
 * `busy` and `down` from `StoreUnavailableError`, `other` for anything else. The health probe
 * reports failures itself and is not counted; views from `withTimeout` are counted too.
 */
export function observeBackend(backend: Backend, metrics: Metrics): Backend {
  return {
    kind: backend.kind,
    shared: backend.shared,
    ...wrapOperations(backend, (call) =>
      call().catch((error: unknown) => {
        metrics.storeError(backend.kind, error instanceof StoreUnavailableError ? error.reason : 'other');
        throw error;
      }),
    ),
    close: () => backend.close(),
    status: () => backend.status(),
    ping: () => backend.ping(),
    withTimeout: (ms) => observeBackend(backend.withTimeout(ms), metrics),
  };
}
