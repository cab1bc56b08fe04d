// Message metadata and conversations.history for the Slack fake.
// Metadata: https://docs.slack.dev/messaging/message-metadata — `{ event_type, event_payload }`,
// sent by @slack/web-api as a JSON string in the form body.
// History: https://api.slack.com/methods/conversations.history — newest first, `oldest`/`latest`
// exclusive unless `inclusive`, `limit` (default 100, at most 999), cursor paging through
// `response_metadata.next_cursor`, thread replies left out, metadata only with
// `include_all_metadata`.
import type { MethodResult, SlackWorkspace, StoredMessage } from './methods.js';

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const err = (error: string): MethodResult => ({ body: { ok: false, error } });

/** The metadata to store, `undefined` when none was sent, or 'invalid' (`invalid_metadata_format`). */
export function parseMetadata(raw: unknown): MessageMetadata | undefined | 'invalid' {
  if (raw === undefined || raw === '') return undefined;
  if (!isObj(raw) || typeof raw.event_type !== 'string' || raw.event_type === '' || !isObj(raw.event_payload))
    return 'invalid';
  return { event_type: raw.event_type, event_payload: raw.event_payload };
}

/** "1700000000.000100" (or "1700000000") → microseconds; undefined when not a timestamp. */
export function tsMicros(ts: unknown): bigint | undefined {
  if (typeof ts !== 'string') return undefined;
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts);
  if (!m?.[1]) return undefined;
  return BigInt(m[1]) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}

const flag = (v: unknown): boolean => v === true || v === 'true' || v === '1' || v === 1;
const encodeCursor = (ts: string): string => Buffer.from(`next_ts:${ts}`).toString('base64');
const decodeCursor = (cursor: string): bigint | undefined => {
  const m = /^next_ts:(.+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return m?.[1] ? tsMicros(m[1]) : undefined;
};

function bound(v: unknown): bigint | undefined | 'invalid' {
  if (v === undefined || v === '') return undefined;
  return tsMicros(typeof v === 'number' ? String(v) : v) ?? 'invalid';
}

export function conversationsHistory(ws: SlackWorkspace, body: Record<string, unknown>): MethodResult {
  const channel = typeof body.channel === 'string' ? body.channel : '';
  const known = ws.channels.get(channel);
  const stored = ws.messages.get(channel) ?? [];
  if (!known && (ws.strictChannels || stored.length === 0)) return err('channel_not_found');
  if (known?.is_member === false) return err('not_in_channel');
  const oldest = bound(body.oldest);
  const latest = bound(body.latest);
  if (oldest === 'invalid') return err('invalid_ts_oldest');
  if (latest === 'invalid') return err('invalid_ts_latest');
  const cursor = typeof body.cursor === 'string' && body.cursor !== '' ? decodeCursor(body.cursor) : undefined;
  if (typeof body.cursor === 'string' && body.cursor !== '' && cursor === undefined) return err('invalid_cursor');
  const inclusive = flag(body.inclusive);
  const asked = Number(body.limit);
  const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 999) : 100;

  const inRange = (m: StoredMessage): boolean => {
    const ts = tsMicros(m.ts) ?? 0n;
    if (m.thread_ts !== undefined && m.thread_ts !== m.ts) return false;
    if (oldest !== undefined && (inclusive ? ts < oldest : ts <= oldest)) return false;
    if (latest !== undefined && (inclusive ? ts > latest : ts >= latest)) return false;
    return cursor === undefined || ts <= cursor;
  };
  const newestFirst = stored.filter(inRange).reverse();
  const page = newestFirst.slice(0, limit);
  const next = newestFirst[limit];
  const withMetadata = flag(body.include_all_metadata);
  return {
    body: {
      ok: true,
      messages: page.map((m) => ws.messageJson(m, withMetadata)),
      has_more: next !== undefined,
      pin_count: 0,
      ...(next ? { response_metadata: { next_cursor: encodeCursor(next.ts) } } : {}),
    },
  };
}

/**
 * conversations.replies (https://api.slack.com/methods/conversations.replies): the thread's parent
 * and its replies, oldest first, `oldest`/`latest` exclusive unless `inclusive` (the parent is
 * always first), metadata with `include_all_metadata`. `thread_not_found` for an unknown parent.
 */
export function conversationsReplies(ws: SlackWorkspace, body: Record<string, unknown>): MethodResult {
  const channel = typeof body.channel === 'string' ? body.channel : '';
  const known = ws.channels.get(channel);
  if (known?.is_member === false) return err('not_in_channel');
  const stored = ws.messages.get(channel) ?? [];
  // Any message of a thread names it: a reply's thread is its parent's, as on Slack.
  const named = stored.find((m) => m.ts === body.ts);
  const parent = named?.thread_ts ? stored.find((m) => m.ts === named.thread_ts) : named;
  if (!parent) return err('thread_not_found');
  const oldest = bound(body.oldest);
  const latest = bound(body.latest);
  if (oldest === 'invalid') return err('invalid_ts_oldest');
  if (latest === 'invalid') return err('invalid_ts_latest');
  const inclusive = flag(body.inclusive);
  const asked = Number(body.limit);
  const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 1000) : 1000;
  const inRange = (m: StoredMessage): boolean => {
    const ts = tsMicros(m.ts) ?? 0n;
    if (oldest !== undefined && (inclusive ? ts < oldest : ts <= oldest)) return false;
    return latest === undefined || (inclusive ? ts <= latest : ts < latest);
  };
  const replies = stored.filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts && inRange(m));
  const page = [parent, ...replies].slice(0, limit);
  const withMetadata = flag(body.include_all_metadata);
  return {
    body: {
      ok: true,
      messages: page.map((m) => ws.messageJson(m, withMetadata)),
      has_more: replies.length + 1 > limit,
    },
  };
}
