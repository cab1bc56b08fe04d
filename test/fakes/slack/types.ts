// Public types of the Slack fake (see slack-fake.ts).
import type { IncomingHttpHeaders } from 'node:http';
import type { AnswerFault, DropMode } from '../answer-faults.js';
import type { SlackChannel, SlackUser, SlackWorkspace, StoredMessage } from './methods.js';
import type { EnvelopeOptions, EnvelopeType, SlackAck } from './socket.js';
import type { SlackFile } from './files.js';

export interface RateLimitOptions {
  /** Sustained chat.postMessage rate per channel (default 1/s). */
  perSecond?: number;
  /** Bucket size (default 3). */
  burst?: number;
}

export interface SlackFakeOptions {
  /** Extra/overriding users; U0001 (alice) and U0BOT (bot) are always seeded. */
  users?: SlackUser[];
  /** Extra/overriding channels; C0001 (general) is always seeded. */
  channels?: SlackChannel[];
  /** Unknown channels → channel_not_found (default: accepted). */
  strictChannels?: boolean;
  /** Per-channel chat.postMessage token bucket (off by default). */
  rateLimit?: boolean | RateLimitOptions;
  /**
   * The bot token's scopes, sent as `x-oauth-scopes` on every Web API answer (comma-separated,
   * as Slack does). Default: every bot scope slack/manifest.yml asks for today.
   */
  scopes?: string[];
}

export interface SlackCall {
  kind: 'call';
  method: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  time: number;
  status: number;
  response: unknown;
  /** Set when holdNext()/dropNext() hit it: the call was applied, then the answer held or never sent. */
  answer?: AnswerFault;
}

export interface SlackResponsePost {
  kind: 'response';
  id: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  time: number;
  answer?: AnswerFault;
}

export type SlackRecord = SlackCall | SlackResponsePost;

export interface SlackViolation {
  /** Web API method, or 'response_url'. */
  source: string;
  problems: string[];
  body: Record<string, unknown>;
  time: number;
}

export interface FaultResponse {
  status?: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface SlackFake {
  readonly apiUrl: string;
  readonly port: number;
  responseUrl(id: string): string;
  readonly calls: SlackCall[];
  readonly responses: SlackResponsePost[];
  readonly violations: SlackViolation[];
  /** Socket Mode acks received (in arrival order). */
  readonly acks: SlackAck[];
  /** Seeded + created state (users, channels, messages per channel). */
  readonly workspace: SlackWorkspace;
  /** Files uploaded through files.getUploadURLExternal / the upload URL / files.completeUploadExternal, by id. */
  readonly files: ReadonlyMap<string, SlackFile>;
  /** Non-ephemeral messages stored for a channel, oldest first. */
  messages(channel: string): StoredMessage[];
  callsTo(method: string): SlackCall[];
  /** Resolves with the first recorded call/response matching `pred` (already recorded ones count). */
  waitFor(pred: (r: SlackRecord) => boolean, timeoutMs?: number, label?: string): Promise<SlackRecord>;
  waitForCall(method: string, pred?: (c: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  waitForResponse(pred?: (r: SlackResponsePost) => boolean, timeoutMs?: number): Promise<SlackResponsePost>;
  /** Answer the next `times` matching requests with `response`; method 'response_url' matches response posts. */
  failNext(match: { method: string }, response: FaultResponse, times?: number): void;
  /**
   * Apply the next `times` (default 1) matching calls, then answer each `ms` later.
   * @slack/web-api 7 (axios) waits indefinitely by default (`timeout: 0`); with `timeout` it
   * fails the attempt with request_error (ECONNABORTED) and retries it per `retryConfig`,
   * so a post is applied once per attempt.
   */
  holdNext(match: { method: string }, ms: number, times?: number): void;
  /**
   * Apply the next `times` matching calls, then end the connection without an answer ('close':
   * "socket hang up", 'reset': ECONNRESET). @slack/web-api treats both as request_error and
   * retries per `retryConfig` (10 times by default): a post lands once per attempt.
   */
  dropNext(match: { method: string }, times?: number, how?: DropMode): void;
  setRateLimit(opts: RateLimitOptions | false): void;
  /** Number of HTTP 429s answered (rate limiter and injected). */
  readonly rateLimitedCount: number;
  sendEnvelope(type: EnvelopeType, payload: Record<string, unknown>, o?: EnvelopeOptions): Promise<SlackAck>;
  sendDisconnect(reason?: string): void;
  readonly socketConnections: number;
  /** Clear calls, responses, violations, acks and pending faults (state is kept). */
  reset(): void;
  close(): Promise<void>;
}
