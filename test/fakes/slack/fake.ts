// A local fake Slack for tests (platform-testing.md Part B / C): Web API at /api/:method,
// response_url capture at /response/:id, Socket Mode at ws /link/. Point Bolt at it with
// clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } }.
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlackFaults } from './faults.js';
import { SlackFiles } from './files.js';
import { DEFAULT_SCOPES, SlackWorkspace } from './methods.js';
import type { MethodResult } from './methods.js';
import { SlackSocketHub } from './socket.js';
import type {
  SlackCall,
  SlackFake,
  SlackFakeOptions,
  SlackRecord,
  SlackResponsePost,
  SlackViolation,
} from './types.js';
import { imScopeNeeded } from './ims.js';
import { slackErrorFor, validateSlackMessage } from './validate.js';

export * from './signing.js';
export { SLACK_LIMITS, validateSlackMessage } from './validate.js';
export { BOT_ID, BOT_USER_ID, DEFAULT_SCOPES, TEAM_ID } from './methods.js';
export type { SlackChannel, SlackUser, StoredMessage } from './methods.js';
export type { EnvelopeOptions, EnvelopeType, SlackAck } from './socket.js';
export type * from './types.js';
export type { MessageMetadata } from './history.js';
export type { SlackFile } from './files.js';
export type { AnswerFault, DropMode } from '../answer-faults.js';
export { imIdOf } from './ims.js';

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update']);
const JSON_FIELDS = ['blocks', 'attachments', 'metadata', 'view'];

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw.trim() === '') return {};
  if ((contentType ?? '').startsWith('application/json')) {
    const v = JSON.parse(raw) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  }
  const out: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const f of JSON_FIELDS) {
    const v = out[f];
    if (typeof v !== 'string') continue;
    try {
      out[f] = JSON.parse(v) as unknown;
    } catch {
      // leave the raw string; the validator reports unparseable blocks
    }
  }
  return out;
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function bearer(headers: IncomingHttpHeaders, body: Record<string, unknown>): string | undefined {
  const m = /^Bearer (.+)$/.exec(headers.authorization ?? '');
  if (m?.[1]) return m[1];
  return typeof body.token === 'string' && body.token !== '' ? body.token : undefined;
}

export async function createSlackFake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  const workspace = new SlackWorkspace(options.users, options.channels, options.strictChannels);
  const calls: SlackCall[] = [];
  const responses: SlackResponsePost[] = [];
  const violations: SlackViolation[] = [];
  const faults = new SlackFaults(options.rateLimit);
  const waiters = new Set<(r: SlackRecord) => void>();
  let rateLimitedCount = 0;

  const record = (r: SlackRecord): void => {
    if (r.kind === 'call') calls.push(r);
    else responses.push(r);
    for (const w of [...waiters]) w(r);
  };

  /** Validate a message body; returns an error result for hard violations. */
  const validate = (source: string, body: Record<string, unknown>): { fail?: MethodResult; warn: boolean } => {
    const problems = validateSlackMessage(body);
    if (problems.length === 0) return { warn: false };
    violations.push({ source, problems, body, time: Date.now() });
    const error = slackErrorFor(problems);
    return error ? { fail: { body: { ok: false, error, errors: problems } }, warn: false } : { warn: true };
  };

  const send = (res: ServerResponse, r: MethodResult): void => {
    const status = r.status ?? 200;
    if (status === 429) rateLimitedCount++;
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...r.headers });
    res.end(JSON.stringify(r.body));
  };

  let apiUrl = '';
  let port = 0;
  const socketHub = new SlackSocketHub();
  const files = new SlackFiles(
    () => `http://127.0.0.1:${port}`,
    (channel) => {
      const c = workspace.channels.get(channel);
      return c?.is_archived ? 'is_archived' : c?.is_member === false ? 'not_in_channel' : undefined;
    },
  );

  const handleApi = (method: string, body: Record<string, unknown>, headers: IncomingHttpHeaders): MethodResult => {
    const fault = faults.take(method);
    if (fault) return fault;
    if (method === 'chat.postMessage' && typeof body.channel === 'string') {
      const limited = faults.throttle(body.channel);
      if (limited) return limited;
    }
    // A DM's calls need the im: scopes, answered as Slack does when the token lacks one.
    const needed = imScopeNeeded(method, body);
    const scopes = options.scopes ?? DEFAULT_SCOPES;
    if (needed && !bearer(headers, body)?.startsWith('xapp-') && !scopes.includes(needed))
      return { body: { ok: false, error: 'missing_scope', needed, provided: scopes.join(',') } };
    let warn = false;
    if (MESSAGE_METHODS.has(method)) {
      const v = validate(method, body);
      if (v.fail) return v.fail;
      warn = v.warn;
    }
    const result =
      files.handle(method, body) ??
      workspace.handle(method, body, {
        token: bearer(headers, body),
        apiUrl,
        issueSocketUrl: () => socketHub.issueUrl(`ws://127.0.0.1:${port}`),
      });
    if (warn && result.body.ok === true) result.body.response_metadata = { warnings: ['missing_text'] };
    // Slack names a token's scopes in this header on Web API answers (api.slack.com/methods/auth.test).
    if (result.body.ok === true && !bearer(headers, body)?.startsWith('xapp-')) {
      result.headers = { 'x-oauth-scopes': (options.scopes ?? DEFAULT_SCOPES).join(','), ...result.headers };
    }
    return result;
  };

  const handleResponseUrl = (id: string, body: Record<string, unknown>): MethodResult => {
    const fault = faults.take('response_url');
    if (fault) return fault;
    const v = validate('response_url', body);
    return v.fail ? { status: 400, body: v.fail.body } : { body: { ok: true } };
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
      const resp = /^\/response\/([^/]+)$/.exec(url.pathname);
      const upload = /^\/upload\/(F\w+)$/.exec(url.pathname);
      if (req.method === 'POST' && upload?.[1]) {
        const r = await files.receive(upload[1], await readRaw(req), req.headers['content-type']);
        res.writeHead(r.status, { 'Content-Type': 'text/plain' }).end(r.body);
        return;
      }
      if (req.method !== 'POST' || (!api && !resp)) {
        send(res, { status: 404, body: { ok: false, error: 'not_found' } });
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = parseBody((await readRaw(req)).toString('utf8'), req.headers['content-type']);
      } catch {
        send(res, { status: 400, body: { ok: false, error: 'invalid_json' } });
        return;
      }
      const time = Date.now();
      if (api?.[1]) {
        const result = handleApi(api[1], body, req.headers);
        const plan = faults.answers.take({ method: api[1] });
        record({
          kind: 'call',
          method: api[1],
          body,
          headers: req.headers,
          time,
          status: result.status ?? 200,
          response: result.body,
          ...(plan ? { answer: plan.kind } : {}),
        });
        faults.answers.answer(plan, res, () => send(res, result));
      } else if (resp?.[1]) {
        const id = decodeURIComponent(resp[1]);
        const result = handleResponseUrl(id, body);
        const plan = faults.answers.take({ method: 'response_url' });
        record({ kind: 'response', id, body, headers: req.headers, time, ...(plan ? { answer: plan.kind } : {}) });
        faults.answers.answer(plan, res, () => send(res, result));
      }
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { ok: false, error: String(e) } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  apiUrl = `${base}/api/`;
  server.on('upgrade', (req, socket, head) => socketHub.handleUpgrade(req, socket, head));

  const waitFor = (
    pred: (r: SlackRecord) => boolean,
    timeoutMs = 2000,
    label = 'matching record',
  ): Promise<SlackRecord> => {
    const existing = [...calls, ...responses].find(pred);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter = (r: SlackRecord): void => {
        if (!pred(r)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(r);
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        const seen =
          calls
            .map((c) => `${c.method}(${c.status})`)
            .slice(-15)
            .join(', ') || 'none';
        const extra = violations.length ? `; violations: ${JSON.stringify(violations.map((v) => v.problems))}` : '';
        reject(
          new Error(
            `slack-fake: timed out after ${timeoutMs} ms waiting for ${label}; calls: ${seen}; response_url posts: ${responses.length}${extra}`,
          ),
        );
      }, timeoutMs);
      waiters.add(waiter);
    });
  };

  return {
    apiUrl,
    port,
    responseUrl: (id) => `${base}/response/${encodeURIComponent(id)}`,
    calls,
    responses,
    violations,
    acks: socketHub.acks,
    workspace,
    files: files.files,
    messages: (channel) => workspace.channelMessages(channel),
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitFor,
    waitForCall: async (method, pred = () => true, timeoutMs) =>
      (await waitFor(
        (r) => r.kind === 'call' && r.method === method && pred(r),
        timeoutMs,
        `a ${method} call`,
      )) as SlackCall,
    waitForResponse: async (pred = () => true, timeoutMs) =>
      (await waitFor((r) => r.kind === 'response' && pred(r), timeoutMs, 'a response_url post')) as SlackResponsePost,
    failNext: (match, response, times = 1) => faults.failNext(match.method, response, times),
    holdNext: (match, ms, times = 1) => faults.answers.hold((r) => r.method === match.method, ms, times),
    dropNext: (match, times = 1, how = 'close') => faults.answers.drop((r) => r.method === match.method, times, how),
    setRateLimit: (o) => faults.setRateLimit(o),
    get rateLimitedCount() {
      return rateLimitedCount;
    },
    sendEnvelope: (type, payload, o) => socketHub.sendEnvelope(type, payload, o),
    sendDisconnect: (reason) => socketHub.sendDisconnect(reason),
    get socketConnections() {
      return socketHub.connectionCount;
    },
    reset: () => {
      calls.length = 0;
      responses.length = 0;
      violations.length = 0;
      socketHub.acks.length = 0;
      faults.clear();
      rateLimitedCount = 0;
    },
    close: async () => {
      socketHub.close();
      faults.answers.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
