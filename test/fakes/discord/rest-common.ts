/** Helpers shared by the fake Discord REST route modules. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { formErrors, formatIssue, isEmptyMessage, messageLimitIssues, type LimitIssue } from './limits.js';
import type { DiscordFakeState } from './state.js';
import type { RouteResult, ViolationKind } from './types.js';

export interface RestContext {
  state: DiscordFakeState;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
  fileCount: number;
  now: number;
}

export interface Route {
  name: string;
  method: string;
  pattern: RegExp;
  /** Needs `Authorization: Bot …` (false for interaction callbacks and webhooks). */
  auth: boolean;
  handle: (ctx: RestContext, params: string[]) => RouteResult;
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const noContent = (): RouteResult => ({ status: 204 });
export const err = (
  status: number,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
): RouteResult => ({
  status,
  body: { code, message, ...extra },
});

export const asObject = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** 400 + violation for limit issues; undefined when there are none. */
export function rejectIssues(ctx: RestContext, kind: ViolationKind, issues: LimitIssue[]): RouteResult | undefined {
  if (issues.length === 0) return undefined;
  const formatted = issues.map(formatIssue);
  ctx.state.violate({ kind, method: ctx.method, path: ctx.path, issues: formatted, time: ctx.now });
  return err(400, 50035, 'Invalid Form Body', { errors: formErrors(issues) });
}

export function violation(ctx: RestContext, kind: ViolationKind, issue: string, result: RouteResult): RouteResult {
  ctx.state.violate({ kind, method: ctx.method, path: ctx.path, issues: [issue], time: ctx.now });
  return result;
}

/** Limits plus the empty-message rule, for message creation payloads. */
export function checkNewMessage(ctx: RestContext, body: unknown): RouteResult | undefined {
  const bad = rejectIssues(ctx, 'invalid-form-body', messageLimitIssues(body));
  if (bad) return bad;
  if (isEmptyMessage(body, ctx.fileCount)) {
    return violation(
      ctx,
      'empty-message',
      'Cannot send an empty message',
      err(400, 50006, 'Cannot send an empty message'),
    );
  }
  return undefined;
}

export function checkEdit(ctx: RestContext, body: unknown): RouteResult | undefined {
  return rejectIssues(ctx, 'invalid-form-body', messageLimitIssues(body));
}

export interface ParsedBody {
  body: unknown;
  files: { field: string; name: string; size: number; text?: string }[];
  invalidJson: boolean;
}

/** Reads JSON or multipart (payload_json + files[n]) request bodies. */
export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  const result: ParsedBody = { body: undefined, files: [], invalidJson: false };
  if (raw.length === 0) return result;
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') result.body = safeJson(value, result);
      } else {
        // Small files keep their text, so tests can read an attachment (an export) back.
        result.files.push({
          field,
          name: value.name,
          size: value.size,
          ...(value.size <= 1 << 20 ? { text: await value.text() } : {}),
        });
      }
    }
    return result;
  }
  result.body = safeJson(raw.toString('utf8'), result);
  return result;
}

function safeJson(text: string, result: ParsedBody): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    result.invalidJson = true;
    return text;
  }
}
