// Helpers for driving a Bolt HTTPReceiver with requests signed the way Slack signs them
// (platform-testing.md B3/B4). Content-Type strings must match EXACTLY: Bolt only parses form
// bodies when content-type === 'application/x-www-form-urlencoded' (no charset suffix).
import crypto from 'node:crypto';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const JSON_CONTENT_TYPE = 'application/json';

export interface SlackSignatureHeaders {
  'X-Slack-Request-Timestamp': string;
  'X-Slack-Signature': string;
}

/** v0 HMAC-SHA256 signature over `v0:<ts>:<raw body>`; `ts` in epoch seconds (default now). */
export function signSlackRequest(
  body: string,
  secret: string,
  ts: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const sig = 'v0=' + crypto.createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': String(ts), 'X-Slack-Signature': sig };
}

export interface SlashCommandOptions {
  text?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  teamId?: string;
  responseUrl: string;
  command?: string;
  triggerId?: string;
}

/** Slash command fields as Slack sends them (also the Socket Mode `slash_commands` payload). */
export function slashCommandFields(o: SlashCommandOptions): Record<string, string> {
  return {
    token: 'legacy',
    team_id: o.teamId ?? 'T0001',
    team_domain: 'test',
    channel_id: o.channelId ?? 'C0001',
    channel_name: o.channelName ?? 'general',
    user_id: o.userId ?? 'U0001',
    user_name: o.userName ?? 'alice',
    command: o.command ?? '/papers',
    text: o.text ?? '',
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: o.responseUrl,
    trigger_id: o.triggerId ?? '1.2.3',
  };
}

/** Form-urlencoded slash command body (send with FORM_CONTENT_TYPE). */
export function slashCommandBody(o: SlashCommandOptions): string {
  return new URLSearchParams(slashCommandFields(o)).toString();
}

export interface EventCallbackOptions {
  eventId?: string;
  teamId?: string;
  botUserId?: string;
  eventTime?: number;
}

/** Events API `event_callback` envelope as an object (also the Socket Mode `events_api` payload). */
export function eventCallbackPayload(
  event: Record<string, unknown>,
  o: EventCallbackOptions = {},
): Record<string, unknown> {
  const teamId = o.teamId ?? 'T0001';
  return {
    token: 'legacy',
    team_id: teamId,
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${crypto.randomBytes(4).toString('hex')}`,
    event_time: o.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: o.botUserId ?? 'U0BOT',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    event,
  };
}

/** JSON `event_callback` body (send with JSON_CONTENT_TYPE). */
export function eventCallbackBody(event: Record<string, unknown>, o: EventCallbackOptions = {}): string {
  return JSON.stringify(eventCallbackPayload(event, o));
}

export interface BlockActionsOptions {
  actionId: string;
  value?: string;
  blockId?: string;
  userId?: string;
  channelId?: string;
  teamId?: string;
  responseUrl: string;
  messageTs?: string;
}

/** `block_actions` interactive payload as an object (also the Socket Mode `interactive` payload). */
export function blockActionsPayload(o: BlockActionsOptions): Record<string, unknown> {
  const teamId = o.teamId ?? 'T0001';
  const channelId = o.channelId ?? 'C0001';
  const messageTs = o.messageTs ?? '1700000000.000100';
  return {
    type: 'block_actions',
    team: { id: teamId, domain: 'test' },
    user: { id: o.userId ?? 'U0001', username: 'alice', team_id: teamId },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: '1.2.4',
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    channel: { id: channelId, name: 'general' },
    message: { type: 'message', ts: messageTs, text: 'x', user: 'U0BOT' },
    response_url: o.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: o.blockId ?? 'b1',
        value: o.value ?? '',
        text: { type: 'plain_text', text: 'Button' },
        action_ts: `${Math.floor(Date.now() / 1000)}.000300`,
      },
    ],
  };
}

/** Form body `payload=<urlencoded JSON>` (send with FORM_CONTENT_TYPE). */
export function blockActionsBody(o: BlockActionsOptions): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(o)) }).toString();
}

export interface ViewSubmissionOptions {
  callbackId: string;
  privateMetadata?: string;
  /** state.values: block id → action id → the element's value. */
  values: Record<string, Record<string, string>>;
  userId?: string;
  teamId?: string;
}

/** `view_submission` interactive payload (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload). */
export function viewSubmissionPayload(o: ViewSubmissionOptions): Record<string, unknown> {
  const teamId = o.teamId ?? 'T0001';
  const values = Object.fromEntries(
    Object.entries(o.values).map(([block, fields]) => [
      block,
      Object.fromEntries(Object.entries(fields).map(([id, value]) => [id, { type: 'plain_text_input', value }])),
    ]),
  );
  return {
    type: 'view_submission',
    team: { id: teamId, domain: 'test' },
    user: { id: o.userId ?? 'U0001', username: 'alice', name: 'alice', team_id: teamId },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: '1.2.5',
    view: {
      id: 'V00000001',
      team_id: teamId,
      type: 'modal',
      callback_id: o.callbackId,
      private_metadata: o.privateMetadata ?? '',
      title: { type: 'plain_text', text: 'Form' },
      blocks: [],
      state: { values },
      hash: '1.a',
      app_id: 'A1',
      bot_id: 'B0BOT',
    },
    response_urls: [],
  };
}

/** Form body `payload=<urlencoded JSON>` of a view submission (send with FORM_CONTENT_TYPE). */
export function viewSubmissionBody(o: ViewSubmissionOptions): string {
  return new URLSearchParams({ payload: JSON.stringify(viewSubmissionPayload(o)) }).toString();
}

export interface PostSignedOptions {
  /** Epoch seconds used in the signature (e.g. now − 301 for a stale request). */
  timestamp?: number;
  retryNum?: number;
  retryReason?: string;
  /** Sign with a different secret so the signature does not verify. */
  badSignature?: boolean;
}

/** POST a signed body to a Bolt endpoint; `body` must be a string so the signed bytes are sent verbatim. */
export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  secret: string,
  o: PostSignedOptions = {},
): Promise<Response> {
  const sigSecret = o.badSignature ? `${secret}-forged` : secret;
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    ...signSlackRequest(body, sigSecret, o.timestamp),
  };
  if (o.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(o.retryNum);
    headers['X-Slack-Retry-Reason'] = o.retryReason ?? 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body });
}
