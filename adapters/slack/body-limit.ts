import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Clock } from '../../src/ports/clock.js';

/**
 * The largest request body `POST /slack/events` accepts (bytes). Slack's own payloads are small:
 * a slash command is a few hundred bytes, an event a few KB, and the largest this bot receives,
 * a `block_actions` payload, carries the bot's own message (at most 50 blocks of 3,000
 * characters, https://docs.slack.dev/reference/block-kit/blocks), form-encoded well under 1 MiB.
 */
export const SLACK_MAX_BODY_BYTES = 1024 * 1024;

/** After a 413, the rest of an oversized body is read and dropped for at most this long (ms). */
const DRAIN_MS = 1000;

export interface EventsGuardOptions {
  path: string;
  maxBytes: number;
  /** Called with the status of every answered events request (401s feed the signature monitor). */
  onStatus?: (status: number) => void;
  /** Decides, once the body is in, whether Bolt sees the request; a refused one gets 200 and an empty body. */
  accept?: (req: IncomingMessage, body: Buffer) => Promise<boolean>;
  /** Times the drain after a 413. */
  clock: Clock;
}

/**
 * Wraps Bolt's HTTPReceiver request listener so an events request is buffered here, under a byte
 * limit checked against Content-Length and again while the body streams (chunked bodies have no
 * length). An oversized body gets 413 before it is held in memory; an accepted one is handed to
 * Bolt as `rawBody`, which Bolt uses instead of buffering the stream itself
 * (`bufferIncomingMessage` in @slack/bolt's HTTPModuleFunctions), after `accept` agrees.
 */
export function guardEvents(listener: RequestListener, options: EventsGuardOptions): RequestListener {
  const { path, maxBytes, onStatus, accept, clock } = options;
  return (req, res) => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== path)
      return listener(req, res);
    if (onStatus) res.once('finish', () => onStatus(res.statusCode));
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) return tooLarge(req, res, maxBytes, clock);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd);
      chunks.length = 0;
      tooLarge(req, res, maxBytes, clock);
    };
    const onEnd = () => {
      const body = Buffer.concat(chunks, size);
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
      if (!accept) return listener(req, res);
      // 200, not an error: Slack retries a request it got an error for, and a refused one must not run.
      accept(req, body).then(
        (ok) => (ok ? listener(req, res) : void res.writeHead(200).end()),
        () => listener(req, res),
      );
    };
    req
      .on('data', onData)
      .on('end', onEnd)
      .on('error', () => req.destroy());
  };
}

/**
 * Answers 413 and closes the connection. The unread rest of the body is drained (not kept) for a
 * moment first: closing a socket with unread input resets it, and the client might then never see
 * the 413.
 */
function tooLarge(req: IncomingMessage, res: ServerResponse, maxBytes: number, clock: Clock): void {
  res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(`Request body too large: at most ${maxBytes} bytes.\n`);
  const timer = clock.setTimeout(() => req.destroy(), DRAIN_MS);
  req.on('data', () => {}).once('close', () => timer.cancel());
  req.resume();
}
