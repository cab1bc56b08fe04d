import { randomBytes } from 'node:crypto';
import { code } from './text/rich.js';

/**
 * A small coded hierarchy. `UserError` becomes a short, friendly reply; anything else is logged
 * with context and the user sees a generic message carrying an id to quote.
 */
export class PaperfeedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input from a person: shown to them as is. */
export class UserError extends PaperfeedError {
  constructor(message: string) {
    super('user_error', message);
  }
}

/** An upstream service (HF, arXiv) is unreachable, too slow or answers nonsense. */
export class UpstreamError extends PaperfeedError {
  constructor(
    readonly service: string,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super('upstream_error', message, options);
    this.status = options?.status;
  }
  readonly status: number | undefined;
}

/**
 * Why a store that still answers cannot write: its disk is `full`, it is `read-only` (permissions,
 * a read-only mount, a read-only replica), or its disk reports I/O errors (`disk-error`). None of
 * them passes by itself: an operator has to act, so people are told so rather than "try again shortly".
 */
export type StoreFault = 'full' | 'read-only' | 'disk-error';

/**
 * The store cannot answer right now: `busy` when another process holds SQLite's write lock past
 * the retry budget, `down` when Redis or PostgreSQL is unreachable or did not answer in time, or
 * when the store has a `fault` (full, read-only, disk errors). The outage is logged once by the
 * store (not once per command), and the person gets a short message without an error id.
 */
export class StoreUnavailableError extends PaperfeedError {
  readonly fault: StoreFault | undefined;
  constructor(
    readonly reason: 'busy' | 'down',
    readonly store: string,
    options?: { cause?: unknown; fault?: StoreFault },
  ) {
    super(
      `store_${reason}`,
      `${store} store is ${reason === 'busy' ? 'busy' : (options?.fault ?? 'unavailable')}`,
      options,
    );
    this.fault = options?.fault;
  }
}

/** What a person is told about a store fault: nothing was kept, and it waits for the operator. */
const FAULT_MESSAGES: Record<StoreFault, string> = {
  full: "Storage is full, so nothing was saved: the bot's operator has to free disk space. Try again later.",
  'read-only':
    "Storage is read-only, so nothing was saved: the bot's operator has to make it writable. Try again later.",
  'disk-error':
    "Storage has a disk error, so nothing was saved: the bot's operator has to look at it. Try again later.",
};

/** A configuration value is missing or malformed. */
export class ConfigError extends PaperfeedError {
  constructor(message: string) {
    super('config_error', message);
  }
}

/** Short random id a user can quote when reporting an unexpected error. */
export const newErrorId = (): string => randomBytes(4).toString('hex');

/** What a person sees for an error: its message when it is theirs or an outage, an id otherwise. */
export function describeForUser(error: unknown, errorId: string): string {
  if (error instanceof UserError) return error.message;
  if (error instanceof StoreUnavailableError) {
    if (error.fault) return FAULT_MESSAGES[error.fault];
    return error.reason === 'busy'
      ? 'Storage is busy right now, try again shortly.'
      : 'Storage is unavailable right now, try again shortly.';
  }
  if (error instanceof UpstreamError) {
    return `${error.service} is not answering right now (${error.message}). Please try again in a few minutes.`;
  }
  return `Something went wrong on our side. If it keeps happening, quote error id ${code(errorId)}.`;
}
