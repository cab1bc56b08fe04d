import { randomBytes } from 'node:crypto';

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
 * The store cannot answer right now: `busy` when another process holds SQLite's write lock past
 * the retry budget, `down` when Redis or PostgreSQL is unreachable or did not answer in time.
 * Transient by nature: the person is asked to try again, and the outage is logged once by the
 * store (not once per command).
 */
export class StoreUnavailableError extends PaperfeedError {
  constructor(
    readonly reason: 'busy' | 'down',
    readonly store: string,
    options?: { cause?: unknown },
  ) {
    super(`store_${reason}`, `${store} store is ${reason === 'busy' ? 'busy' : 'unavailable'}`, options);
  }
}

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
    return error.reason === 'busy'
      ? 'Storage is busy right now, try again shortly.'
      : 'Storage is unavailable right now, try again shortly.';
  }
  if (error instanceof UpstreamError) {
    return `${error.service} is not answering right now (${error.message}). Please try again in a few minutes.`;
  }
  return `Something went wrong on our side. If it keeps happening, quote error id \`${errorId}\`.`;
}
