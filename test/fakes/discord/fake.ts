/**
 * A local fake Discord (REST /api/v10 + gateway) for driving the real discord.js client in tests.
 *
 *   const fake = await createDiscordFake();
 *   const client = new Client({ intents, rest: { api: fake.apiUrl, retries: 0, timeout: 2000 }, waitGuildTimeout: 200 });
 *   await client.login('fake-token-xxxxxxxxxxxxxxxxxxxxxxxx');
 *   const { id } = fake.sendChatInput({ name: 'feed', subcommand: 'add', options: { topic: 'llm' } });
 *   const cb = await fake.waitForCallback(id);
 *   expect(fake.violations).toEqual([]);
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultsAndLimits, type Fault, type FaultMatcher, type FaultResponse, type RateLimitStats } from './faults.js';
import { AnswerFaults, type DropMode } from '../answer-faults.js';
import { FakeGateway, type IdentifyRecord } from './gateway.js';
import {
  buildAutocomplete,
  buildChatInput,
  buildComponent,
  buildModalSubmit,
  reactionPayload,
  userMessage,
  type AutocompleteOptions,
  type ChatInputOptions,
  type ComponentOptions,
  type ModalSubmitOptions,
  type ReactionOptions,
} from './interactions.js';
import { err, readBody, type RestContext } from './rest-common.js';
import { handleRest, type RestOutcome } from './rest.js';
import { DiscordFakeState } from './state.js';
import { moderation, type Moderation } from './moderation.js';
import { createWaiter } from './wait.js';
import type {
  CallbackRecord,
  DiscordFakeOptions,
  InteractionRecord,
  MessageObject,
  RateLimitOptions,
  RecordedRequest,
  Violation,
} from './types.js';

export * from './types.js';
export { validateDiscordMessage, messageLimitIssues, commandLimitIssues } from './limits.js';
export { guildIdOnShard, shardOf } from './shards.js';
export type { Fault, FaultMatcher, FaultResponse, RateLimitStats } from './faults.js';
export type { AnswerFault, DropMode } from '../answer-faults.js';
export type { IdentifyRecord, GatewayFrame } from './gateway.js';
export type {
  AutocompleteOptions,
  ChatInputOptions,
  ComponentOptions,
  InteractionBase,
  ModalSubmitOptions,
  RawOption,
  ReactionOptions,
} from './interactions.js';

export interface SentInteraction {
  id: string;
  token: string;
  applicationId: string;
  channelId: string;
  guildId: string | null;
  payload: Record<string, unknown>;
  /** Gateway clients that received it. */
  delivered: number;
}

export interface DiscordFake extends Moderation {
  /** `http://127.0.0.1:PORT/api` — pass as discord.js `rest.api`. */
  readonly apiUrl: string;
  /** `ws://127.0.0.1:PORT/gateway` */
  readonly gatewayUrl: string;
  readonly port: number;
  readonly botUserId: string;
  readonly applicationId: string;
  /** Every HTTP request, in arrival order (paths below /api/v10). */
  readonly requests: RecordedRequest[];
  /** Payloads the real Discord would reject, late/double interaction responses, … */
  readonly violations: Violation[];
  readonly interactions: Map<string, InteractionRecord>;
  /** 'global' or guild id → registered commands. */
  readonly commands: Map<string, Record<string, unknown>[]>;
  readonly gateway: FakeGateway;
  readonly identifies: IdentifyRecord[];
  readonly stats: RateLimitStats;
  /** Unexpected exceptions inside the fake (answered 500). */
  readonly errors: Error[];
  dispatch(t: string, d: unknown): number;
  waitForReady(timeoutMs?: number): Promise<IdentifyRecord>;
  sendChatInput(options: ChatInputOptions): SentInteraction;
  sendAutocomplete(options: AutocompleteOptions): SentInteraction;
  sendButton(options: ComponentOptions): SentInteraction;
  /** Submits a modal the bot showed (interaction type 5). */
  sendModalSubmit(options: ModalSubmitOptions): SentInteraction;
  sendReactionAdd(options: ReactionOptions): number;
  sendReactionRemove(options: ReactionOptions): number;
  /** Store a message from a user (no dispatch). */
  addUserMessage(channelId: string, content: string, userId?: string): MessageObject;
  /** Store a user message and dispatch MESSAGE_CREATE. */
  sendUserMessage(channelId: string, content: string, userId?: string): MessageObject;
  messagesIn(channelId: string): MessageObject[];
  /** The bot's DM channel with a person (made as Discord makes it on first contact). */
  dmChannelOf(userId: string): string;
  /** The person takes no messages from the bot any more: posts to their DM answer 403 50007. */
  closeDms(userId: string): void;
  waitFor(
    predicate: (r: RecordedRequest) => boolean,
    timeoutMs?: number,
    description?: string,
  ): Promise<RecordedRequest>;
  /** First callback POSTed for the interaction (accepted or not). */
  waitForCallback(interactionId: string, timeoutMs?: number): Promise<CallbackRecord>;
  failNext(matcher: FaultMatcher, response: FaultResponse, times?: number): Fault;
  /**
   * Apply the next `times` (default 1) matching requests, then answer each `ms` later. discord.js
   * (@discordjs/rest 2.6) aborts at `rest.timeout` and, while `rest.retries` allows, sends the
   * request again at once: without an enforced nonce that is a second message.
   */
  holdNext(matcher: FaultMatcher, ms: number, times?: number): void;
  /**
   * Apply the next `times` matching requests, then end the connection without an answer.
   * 'close' (default): undici rejects with SocketError code UND_ERR_SOCKET ("other side
   * closed"), which discord.js never retries; 'reset': ECONNRESET, which it retries like a timeout.
   */
  dropNext(matcher: FaultMatcher, times?: number, how?: DropMode): void;
  setRateLimits(limits: RateLimitOptions | null): void;
  setInteractionResponseWindow(ms: number): void;
  /** Forget requests, violations, faults, rate-limit windows and stats (state such as messages stays). */
  resetRecords(): void;
  close(): Promise<void>;
}

const matches = (m: FaultMatcher, r: { method: string; path: string }): boolean =>
  (!m.method || m.method.toUpperCase() === r.method) && m.path.test(r.path);

export async function createDiscordFake(options: DiscordFakeOptions = {}): Promise<DiscordFake> {
  const state = new DiscordFakeState(options);
  const faults = new FaultsAndLimits(state);
  const gateway = new FakeGateway(state);
  const errors: Error[] = [];
  const waiter = createWaiter(state);
  const answers = new AnswerFaults<{ method: string; path: string }>();
  // Routes that change channels (threads, forum tags) tell connected clients, as Discord does.
  state.on('dispatch', (t: string, d: unknown) => gateway.dispatch(t, d));

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const inApi = url.pathname.startsWith('/api/v10/');
    const path = inApi ? url.pathname.slice('/api/v10'.length) : url.pathname;
    const query = Object.fromEntries(url.searchParams);
    let outcome: RestOutcome;
    let parsed: Awaited<ReturnType<typeof readBody>> = { body: undefined, files: [], invalidJson: false };
    try {
      parsed = await readBody(req);
      const ctx: RestContext = {
        state,
        method,
        path,
        query,
        headers: req.headers,
        body: parsed.body,
        fileCount: parsed.files.length,
        now: time,
      };
      outcome = inApi
        ? handleRest(ctx, faults, parsed.invalidJson)
        : { result: err(404, 0, '404: Not Found'), route: null, injected: false };
    } catch (e) {
      errors.push(e instanceof Error ? e : new Error(String(e)));
      outcome = { result: err(500, 0, '500: Internal Server Error'), route: null, injected: false };
    }
    const { result } = outcome;
    const plan = answers.take({ method, path });
    state.record({
      method,
      path,
      query,
      headers: req.headers,
      body: parsed.body,
      files: parsed.files,
      time,
      status: result.status,
      responseBody: result.body,
      route: outcome.route,
      injected: outcome.injected,
      ...(plan ? { answer: plan.kind } : {}),
    });
    answers.answer(plan, res, () => {
      const headers: Record<string, string> = { ...result.headers };
      if (result.body !== undefined && result.status !== 204) headers['content-type'] = 'application/json';
      res.writeHead(result.status, headers);
      res.end(result.body !== undefined && result.status !== 204 ? JSON.stringify(result.body) : undefined);
    });
  }

  const server = createServer((req, res) => void onRequest(req, res));
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  const send = (record: InteractionRecord): SentInteraction => {
    record.dispatchedAt = Date.now();
    const delivered = gateway.dispatch('INTERACTION_CREATE', record.payload);
    const { id, token, channelId, guildId, payload } = record;
    return { id, token, applicationId: state.applicationId, channelId, guildId, payload, delivered };
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: state.gatewayUrl,
    port,
    botUserId: state.botUserId,
    applicationId: state.applicationId,
    requests: state.requests,
    violations: state.violations,
    interactions: state.interactions,
    commands: state.commands,
    gateway,
    identifies: gateway.identifies,
    stats: faults.stats,
    errors,
    dispatch: (t, d) => gateway.dispatch(t, d),
    waitForReady: (timeoutMs = 5000) =>
      waiter.until(
        'gateway-ready',
        () => (gateway.readyCount > 0 ? gateway.identifies.at(-1) : undefined),
        timeoutMs,
        () => 'a gateway client to IDENTIFY and get READY',
      ),
    sendChatInput: (o) => send(buildChatInput(state, o)),
    sendAutocomplete: (o) => send(buildAutocomplete(state, o)),
    sendButton: (o) => send(buildComponent(state, o)),
    sendModalSubmit: (o) => send(buildModalSubmit(state, o)),
    sendReactionAdd: (o) => gateway.dispatch('MESSAGE_REACTION_ADD', reactionPayload(state, o, true)),
    sendReactionRemove: (o) => gateway.dispatch('MESSAGE_REACTION_REMOVE', reactionPayload(state, o, false)),
    ...moderation(state, (t, d) => gateway.dispatch(t, d)),
    addUserMessage: (channelId, content, userId) => userMessage(state, channelId, content, userId),
    sendUserMessage: (channelId, content, userId) => {
      const msg = userMessage(state, channelId, content, userId);
      gateway.dispatch('MESSAGE_CREATE', msg);
      return msg;
    },
    messagesIn: (channelId) => [...(state.messages.get(channelId)?.values() ?? [])],
    dmChannelOf: (userId) => String(state.openDm(userId).id),
    closeDms: (userId) => void state.closedDms.add(userId),
    waitFor: (predicate, timeoutMs = 2000, description = 'a matching request') =>
      waiter.until(
        'request',
        () => state.requests.find(predicate),
        timeoutMs,
        () => description,
      ),
    waitForCallback: (interactionId, timeoutMs = 2000) =>
      waiter.until(
        'request',
        () => state.interactions.get(interactionId)?.callbacks[0],
        timeoutMs,
        () => `a callback for interaction ${interactionId}`,
      ),
    failNext: (matcher, response, times = 1) => faults.add(matcher, response, times),
    holdNext: (matcher, ms, times = 1) => answers.hold((r) => matches(matcher, r), ms, times),
    dropNext: (matcher, times = 1, how = 'close') => answers.drop((r) => matches(matcher, r), times, how),
    setRateLimits: (limits) => {
      state.rateLimits = limits;
    },
    setInteractionResponseWindow: (ms) => {
      state.interactionResponseWindowMs = ms;
    },
    resetRecords: () => {
      state.requests.length = 0;
      state.violations.length = 0;
      errors.length = 0;
      faults.clear();
      answers.clear();
      Object.assign(faults.stats, { rateLimited: 0, globalRateLimited: 0, injected: 0 });
    },
    close: async () => {
      waiter.cancelAll();
      answers.close();
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
