import type { Clock } from '../../src/ports/clock.js';

/**
 * How long a slash command may run before it is acknowledged empty and answered through
 * `response_url` instead (ms). Slack shows an error unless the ack arrives within 3 s of the
 * user pressing enter, network time included
 * (https://docs.slack.dev/interactivity/implementing-slash-commands/#responding_basic_receipt),
 * so this leaves over a second for the network and a busy event loop.
 */
export const ACK_DEADLINE_MS = 1500;

export interface AckChannel<M> {
  /** Bolt's `ack`: with a message, the HTTP response (or Socket Mode envelope ack) is the answer. */
  ack(message?: M): Promise<void>;
  /** Bolt's `respond`: a POST to the command's `response_url`. */
  respond(message: M): Promise<unknown>;
}

const LATE = Symbol('late');

/**
 * Runs `answer` and delivers its message in the ack when it is ready within `deadlineMs`: one
 * HTTP response instead of an empty ack plus a `response_url` POST, which both shortens what the
 * user waits for and keeps the outgoing POST off the event loop that acks the next request.
 * Past the deadline it acks empty and `respond`s when the answer is ready, as before.
 * A deadline of 0 acks at once and always answers through `response_url`. An answer of
 * `undefined` (the command already answered in the channel) is an empty ack and nothing more.
 * Returns how the answer went out.
 */
export async function answerWithinAck<M>(
  answer: () => Promise<M | undefined>,
  io: AckChannel<M>,
  clock: Clock,
  deadlineMs = ACK_DEADLINE_MS,
): Promise<'ack' | 'respond'> {
  const job = answer();
  const respond = async () => {
    const message = await job;
    if (message !== undefined) await io.respond(message);
  };
  if (deadlineMs <= 0) {
    await io.ack();
    await respond();
    return 'respond';
  }
  const stopWaiting = new AbortController();
  const late = clock.sleep(deadlineMs, stopWaiting.signal).then(
    (): typeof LATE => LATE,
    (): typeof LATE => LATE,
  );
  let first: M | undefined | typeof LATE;
  try {
    first = await Promise.race([job, late]);
  } catch (error) {
    // No answer to give: still ack, so Slack shows no timeout; Bolt's error handler logs the error.
    await io.ack();
    throw error;
  } finally {
    stopWaiting.abort();
  }
  if (first !== LATE) {
    await io.ack(first);
    return 'ack';
  }
  await io.ack();
  await respond();
  return 'respond';
}
