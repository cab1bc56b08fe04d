import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/ports/logger.js';

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/** Bolt's text for a request that failed signature or timestamp checks (`verify-request.js`). */
const VERIFY_FAILURE = /Failed to verify authenticity: ?(.*)$/;

/**
 * Bolt's (and its Web API and Socket Mode clients') log output, sent to the project's logger:
 * warnings and errors as `slack: <text>`, Bolt's info and debug chatter at debug. Give it a
 * rate-limited logger: some of these warnings can be caused by every incoming request.
 * Signature-verification failures go to `onVerifyFailure` instead, which reports them in aggregate.
 */
export function createBoltLogger(logger: Logger, onVerifyFailure?: (reason: string) => void): BoltLogger {
  let level = LogLevel.INFO;
  const at =
    (lvl: LogLevel, write: (msg: string) => void) =>
    (...parts: unknown[]) => {
      if (ORDER[lvl] < ORDER[level]) return;
      const text = format(...parts).slice(0, 500);
      const verify = VERIFY_FAILURE.exec(text);
      if (verify && onVerifyFailure) return onVerifyFailure(verify[1] || text);
      write(`slack: ${text}`);
    };
  return {
    debug: at(LogLevel.DEBUG, (m) => logger.debug(m)),
    info: at(LogLevel.INFO, (m) => logger.debug(m)),
    warn: at(LogLevel.WARN, (m) => logger.warn(m)),
    error: at(LogLevel.ERROR, (m) => logger.error(m)),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    // Bolt and WebClient rename a shared logger per instance; one project log needs no name.
    setName: () => {},
  };
}

/** Failed requests since the last verified one before the warning is logged. */
const THRESHOLD = 3;
/** The warning repeats at most this often while failures continue (ms). */
const REPEAT_MS = 15 * 60_000;

/**
 * Turns repeated 401s on `/slack/events` into one warning saying what to check. A wrong
 * SLACK_SIGNING_SECRET fails every request, so failures with no verified request in between
 * point at it; a verified request (any answer but 401 or 413) resets the count.
 */
export function createSignatureMonitor(logger: Logger, now: () => number) {
  let failures = 0;
  let reason: string | undefined;
  let warnedAt = -Infinity;
  return {
    /** Bolt's reason for the latest failure (signature mismatch, stale timestamp, missing header). */
    noteReason(text: string) {
      reason = text;
    },
    onStatus(status: number) {
      if (status === 413) return;
      if (status !== 401) return void (failures = 0);
      failures++;
      if (failures < THRESHOLD || now() - warnedAt < REPEAT_MS) return;
      warnedAt = now();
      logger.warn(
        "Slack requests are failing signature verification: check SLACK_SIGNING_SECRET (the app's Signing Secret under Basic Information) and the server clock",
        {
          failures,
          reason,
        },
      );
    },
  };
}
