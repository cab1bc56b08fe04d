/**
 * Interaction callback and interaction-webhook routes of the fake Discord, with the 3-second
 * initial-response window and 15-minute token lifetime (receiving-and-responding.mdx).
 */
import { callbackDataIssues, isEmptyMessage } from './limits.js';
import {
  asObject,
  checkEdit,
  checkNewMessage,
  err,
  noContent,
  ok,
  rejectIssues,
  violation,
  type RestContext,
  type Route,
} from './rest-common.js';
import type { CallbackRecord, InteractionRecord, MessageObject, RouteResult } from './types.js';

type RouteFactory = (name: string, method: string, path: string, handle: Route['handle'], auth?: boolean) => Route;

const EPHEMERAL = 64;
const LOADING = 128;
/** Callback types valid per interaction type (2 command, 3 component, 4 autocomplete, 5 modal). */
const ALLOWED: Record<number, number[]> = {
  1: [1],
  2: [4, 5, 9, 10, 12],
  3: [4, 5, 6, 7, 9, 10, 12],
  4: [8],
  5: [4, 5, 6, 7],
};
const UNKNOWN_INTERACTION = () => err(404, 10062, 'Unknown interaction');

function responseMessage(
  ctx: RestContext,
  i: InteractionRecord,
  data: Record<string, unknown>,
  flags: number,
): MessageObject {
  const meta = asObject(i.payload.member).user ?? i.payload.user;
  return ctx.state.buildMessage(
    i.channelId,
    { ...data, flags },
    {
      webhook_id: ctx.state.applicationId,
      application_id: ctx.state.applicationId,
      type: i.type === 2 ? 20 : 0,
      interaction_metadata: { id: i.id, type: i.type, user: meta, authorizing_integration_owners: {} },
    },
  );
}

function storeIfPublic(ctx: RestContext, msg: MessageObject): void {
  if ((Number(msg.flags) & EPHEMERAL) === 0) ctx.state.storeMessage(msg);
}

function componentMessage(ctx: RestContext, i: InteractionRecord): MessageObject | null {
  const raw = asObject(i.payload.message);
  if (typeof raw.id !== 'string') return null;
  return (
    ctx.state.getMessage(i.channelId, raw.id) ?? ({ ...raw, id: raw.id, channel_id: i.channelId } as MessageObject)
  );
}

function applyCallback(ctx: RestContext, i: InteractionRecord, type: number, data: Record<string, unknown>): void {
  const flags = typeof data.flags === 'number' ? data.flags : 0;
  if (type === 4 || type === 5) {
    i.original = responseMessage(ctx, i, type === 4 ? data : {}, type === 5 ? flags | LOADING : flags);
    storeIfPublic(ctx, i.original);
  } else if (type === 6 || type === 7) {
    i.original = componentMessage(ctx, i);
    if (type === 7 && i.original) ctx.state.editMessage(i.original, data);
  }
}

function callback(ctx: RestContext, [id = '', token = '']: string[]): RouteResult {
  const i = ctx.state.interactions.get(id);
  if (!i || i.token !== token) return UNKNOWN_INTERACTION();
  const body = asObject(ctx.body);
  const type = typeof body.type === 'number' ? body.type : -1;
  const data = asObject(body.data);
  const elapsedMs = ctx.now - i.dispatchedAt;
  const rec: CallbackRecord = {
    interactionId: id,
    token,
    type,
    data: body.data,
    time: ctx.now,
    elapsedMs,
    accepted: false,
  };
  i.callbacks.push(rec);
  if (i.callbacks.some((c) => c.accepted)) {
    const res = err(400, 40060, 'Interaction has already been acknowledged.');
    return violation(ctx, 'already-acknowledged', `second callback (type ${type}) for interaction ${id}`, res);
  }
  const window = ctx.state.interactionResponseWindowMs;
  if (elapsedMs > window) {
    rec.lateMs = elapsedMs - window;
    const issue = `initial response ${elapsedMs} ms after dispatch (window ${window} ms)`;
    return violation(ctx, 'late-interaction-response', issue, UNKNOWN_INTERACTION());
  }
  if (!(ALLOWED[i.type] ?? []).includes(type)) {
    const issue = `callback type ${type} is not valid for interaction type ${i.type}`;
    ctx.state.violate({
      kind: 'invalid-callback-type',
      method: ctx.method,
      path: ctx.path,
      issues: [issue],
      time: ctx.now,
    });
    return err(400, 50035, 'Invalid Form Body', {
      errors: { type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: issue }] } },
    });
  }
  const bad = rejectIssues(ctx, 'invalid-form-body', callbackDataIssues(type, data));
  if (bad) return bad;
  if (type === 4 && isEmptyMessage(data, ctx.fileCount)) {
    return violation(
      ctx,
      'empty-message',
      'Cannot send an empty message',
      err(400, 50006, 'Cannot send an empty message'),
    );
  }
  rec.accepted = true;
  applyCallback(ctx, i, type, data);
  if (ctx.query.with_response !== 'true') return noContent();
  const msg = i.original;
  return ok({
    interaction: {
      id: i.id,
      type: i.type,
      activity_instance_id: null,
      response_message_id: msg?.id ?? null,
      response_message_loading: type === 5,
      response_message_ephemeral: msg ? (Number(msg.flags) & EPHEMERAL) !== 0 : false,
    },
    resource: { type, ...(msg && (type === 4 || type === 5 || type === 7) ? { message: msg } : {}) },
  });
}

/** Resolves the interaction behind a webhook route, or the error Discord would send. */
function webhookInteraction(ctx: RestContext, app: string, token: string): InteractionRecord | RouteResult {
  if (app !== ctx.state.applicationId) return err(404, 10015, 'Unknown Webhook');
  const i = ctx.state.findInteractionByToken(token);
  if (!i) return err(401, 50027, 'Invalid Webhook Token');
  if (ctx.now - i.dispatchedAt > ctx.state.interactionTokenTtlMs) {
    return violation(
      ctx,
      'expired-interaction-token',
      `token of ${i.id} used after expiry`,
      err(401, 50027, 'Invalid Webhook Token'),
    );
  }
  if (!i.callbacks.some((c) => c.accepted)) {
    return violation(
      ctx,
      'webhook-before-ack',
      `webhook call before interaction ${i.id} was acknowledged`,
      err(404, 10015, 'Unknown Webhook'),
    );
  }
  return i;
}

const isRecord = (x: InteractionRecord | RouteResult): x is InteractionRecord => 'token' in x;

/**
 * A follow-up creates a message, except directly after a deferral (type 5): while the original
 * still shows its loading state, Discord edits that instead, ignoring the ephemeral flag (the
 * deferral's choice stands). Documented as deprecated but still how Discord answers (Create
 * Followup Message, receiving-and-responding.mdx).
 */
function followUp(ctx: RestContext, [app = '', token = '']: string[]): RouteResult {
  const i = webhookInteraction(ctx, app, token);
  if (!isRecord(i)) return i;
  const bad = checkNewMessage(ctx, ctx.body);
  if (bad) return bad;
  const data = asObject(ctx.body);
  if (i.original && (Number(i.original.flags) & LOADING) !== 0) {
    const { flags: _ignored, ...rest } = data;
    const edited = ctx.state.editMessage(i.original, rest);
    edited.flags = Number(edited.flags) & ~LOADING;
    return ctx.query.wait === 'true' ? ok(edited) : noContent();
  }
  const msg = responseMessage(ctx, i, data, typeof data.flags === 'number' ? data.flags : 0);
  i.followups.push(msg);
  storeIfPublic(ctx, msg);
  return ctx.query.wait === 'true' ? ok(msg) : noContent();
}

function webhookMessage(
  fn: (ctx: RestContext, i: InteractionRecord, msg: MessageObject) => RouteResult,
): Route['handle'] {
  return (ctx, [app = '', token = '', messageId = '']) => {
    const i = webhookInteraction(ctx, app, token);
    if (!isRecord(i)) return i;
    const msg = messageId === '@original' ? i.original : i.followups.find((m) => m.id === messageId);
    return msg ? fn(ctx, i, msg) : err(404, 10008, 'Unknown Message');
  };
}

const editWebhookMessage = webhookMessage((ctx, _i, msg) => {
  const bad = checkEdit(ctx, ctx.body);
  if (bad) return bad;
  const edited = ctx.state.editMessage(msg, asObject(ctx.body));
  edited.flags = Number(edited.flags) & ~LOADING;
  return ok(edited);
});

const deleteWebhookMessage = webhookMessage((ctx, i, msg) => {
  ctx.state.messages.get(msg.channel_id)?.delete(msg.id);
  if (i.original === msg) i.original = null;
  else i.followups = i.followups.filter((m) => m !== msg);
  return noContent();
});

export function interactionRoutes(route: RouteFactory): Route[] {
  return [
    route('interaction-callback', 'POST', '/interactions/:id/:id/callback', callback, false),
    route('webhook-followup', 'POST', '/webhooks/:id/:id', followUp, false),
    route(
      'webhook-get-message',
      'GET',
      '/webhooks/:id/:id/messages/:id',
      webhookMessage((_c, _i, msg) => ok(msg)),
      false,
    ),
    route('webhook-edit-message', 'PATCH', '/webhooks/:id/:id/messages/:id', editWebhookMessage, false),
    route('webhook-delete-message', 'DELETE', '/webhooks/:id/:id/messages/:id', deleteWebhookMessage, false),
  ];
}
