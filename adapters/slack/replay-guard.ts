import type { IncomingMessage } from 'node:http';
import { isValidSlackRequest } from '@slack/bolt';
import { StoreUnavailableError } from '../../src/errors.js';
import type { Logger } from '../../src/ports/logger.js';
import { systemClock } from '../../src/ports/clock.js';
import type { RequestLog } from '../../src/store/request-log.js';

/**
 * How long after its timestamp Bolt still accepts a signed request (s): `verify-request.js` refuses
 * one whose timestamp is more than 5 minutes old, as Slack asks
 * (https://docs.slack.dev/authentication/verifying-requests-from-slack/).
 */
const SIGNATURE_LIFETIME_S = 5 * 60;
/**
 * Bound on the store's answer (ms), as for a health probe: the check runs before the command's own
 * ack deadline (ACK_DEADLINE_MS, 1.5 s), and both fit in Slack's 3-second window. The request log
 * is built on a store view with this bound (`Backend.withTimeout`).
 */
export const REPLAY_CHECK_TIMEOUT_MS = 1000;
/**
 * While the store cannot answer, a request this much older than its signature is refused (s):
 * Slack sends each request (and each retry) as it signs it, so a genuine one arrives within a
 * second or two; an older one that this instance has not seen may be a replay to another instance.
 */
const FRESH_S = 10;

export interface ReplayGuardOptions {
  signingSecret: string;
  /** Answers within REPLAY_CHECK_TIMEOUT_MS. */
  requests: RequestLog;
  /** Gets "replayed" warnings: rate-limit it, a replay can be sent many times. */
  logger: Logger;
  /**
   * The clock Bolt verifies signatures with (ms): the system clock, whatever the bot's clock, since
   * Bolt's HTTPReceiver checks each request's age on it too and the two must agree.
   */
  now?: () => number;
}

/**
 * Bolt's HTTPReceiver checks a request's signature and age only, so a signed request sent again
 * byte for byte within 5 minutes runs again. This accepts each signed request once: its signature
 * (which covers its timestamp and body, whatever the URL's query) is remembered in the store until
 * Bolt would refuse it anyway, so every instance sharing Redis or PostgreSQL agrees, and in this
 * process too, so that a replay to this instance is refused even while the store cannot answer.
 * Requests that fail verification are left to Bolt, which answers 401.
 *
 * When the store cannot answer, a request this process has not seen is accepted if it is fresh
 * (FRESH_S): refusing every request during a blip of Redis would turn it into an outage of commands
 * that do not need the store, and everything a replay could change goes through that store.
 * Socket Mode needs none of this: envelopes arrive over the bot's own authenticated connection.
 */
export function createReplayGuard(
  options: ReplayGuardOptions,
): (req: IncomingMessage, body: Buffer) => Promise<boolean> {
  const { signingSecret, requests, logger } = options;
  const now = options.now ?? systemClock.now;
  const seenHere = new Map<string, number>(); // signature → when Bolt stops accepting it (ms)
  return async (req, body) => {
    const signature = req.headers['x-slack-signature'];
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    const at = now();
    if (typeof signature !== 'string' || !Number.isInteger(timestamp)) return true;
    const headers = { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp };
    if (!isValidSlackRequest({ signingSecret, body: body.toString(), headers, nowMilliseconds: at })) return true;
    // Bolt accepts it while floor(now / 1000) - 300 <= timestamp: until (timestamp + 301) s.
    const until = (timestamp + SIGNATURE_LIFETIME_S + 1) * 1000;
    for (const [seen, end] of seenHere) if (end <= at) seenHere.delete(seen);
    const replayed = () => {
      logger.warn('slack request replayed; ignored', { path: req.url, ageS: Math.round(at / 1000 - timestamp) });
      return false;
    };
    if (seenHere.has(signature)) return replayed();
    seenHere.set(signature, until);
    try {
      const first = await requests.firstTime(`slack:${signature}`, until - at);
      return first || replayed();
    } catch (error) {
      // The store logs its outage once; an unexpected failure is logged here. Neither opens the door wide.
      if (!(error instanceof StoreUnavailableError)) logger.error('slack replay check failed', { error });
      if (at / 1000 - timestamp <= FRESH_S) return true;
      logger.warn('slack request refused: too old to accept unchecked while the store is unavailable', {
        path: req.url,
        ageS: Math.round(at / 1000 - timestamp),
      });
      return false;
    }
  };
}
