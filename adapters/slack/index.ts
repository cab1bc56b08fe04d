import type { Server } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { createRateLimitedLogger, type Logger } from '../../src/ports/logger.js';
import { createRequestLog } from '../../src/store/request-log.js';
import { HEALTH_PATHS, type Health } from '../bot/http-health.js';
import type { PlatformAdapter, PlatformDeps, PlatformHandlers, RunningPlatform } from '../bot/platform.js';
import { createUserDirectory, slackNames } from './admins.js';
import { guardEvents, SLACK_MAX_BODY_BYTES } from './body-limit.js';
import { createBoltLogger, createSignatureMonitor } from './bolt-logger.js';
import { CARDS_PER_REPLY, channelLink } from './blocks.js';
import { createReplayGuard, REPLAY_CHECK_TIMEOUT_MS } from './replay-guard.js';
import { createSlackPoster } from './poster.js';
import { listenForSlackVotes, slackReactionNames } from './reactions.js';
import { listenForCommands } from './slash-command.js';
import { createSlackClubPoster } from './club.js';
import { listenForSlackClaims, slackReadNames } from './reading.js';
import { listenForTakeawayForms } from './takeaway-form.js';

export interface SlackOptions {
  botToken: string;
  signingSecret?: string;
  /** Set for Socket Mode; HTTP mode otherwise. */
  appToken?: string;
  apiUrl: string;
  adminUsers: readonly string[];
  /** HTTP mode: the port for `/slack/events` and the health paths (0 picks a free one). */
  port: number;
  /** HTTP mode: what the health paths answer. */
  health: Health;
  /** Web API retry policy; tests use `{ retries: 0 }`. */
  retryConfig?: { retries: number; factor?: number };
  /** Spacing of posts to one channel (ms). */
  spacingMs?: number;
  /** How long a digest post waits for Slack's answer before looking the post up (ms, default 30 s). */
  postTimeoutMs?: number;
  /** Pause before re-sending a digest post that did not land (ms, default 1 s). */
  retryDelayMs?: number;
  /** A command answered within this time is answered in its ack; later ones through response_url (ms, default ACK_DEADLINE_MS; 0: always response_url). */
  ackDeadlineMs?: number;
}

/** The Slack adapter, with the Bolt app it runs. */
export interface SlackAdapter extends PlatformAdapter {
  readonly app: App;
}

/** Bolt in HTTP mode (signed requests on `POST /slack/events`) or Socket Mode; starting it routes events to the handlers. */
export function createSlackAdapter(options: SlackOptions, deps: PlatformDeps): SlackAdapter {
  const { logger, clock } = deps;
  const { app, socketReceiver, postClient } = createClients(options, deps);
  const users = createUserDirectory(app.client, options.adminUsers, logger, clock);
  const { spacingMs, retryDelayMs } = options;
  const poster = createSlackPoster(postClient, { clock, spacingMs, retryDelayMs });
  return {
    platform: 'slack',
    name: socketReceiver ? 'slack-socket' : 'slack-http',
    app,
    poster,
    club: createSlackClubPoster(postClient, users, clock),
    // chat.update is Tier 3: 50 a minute (docs.slack.dev/reference/methods/chat.update).
    editPace: { concurrency: 1, intervalCap: 50, interval: 60_000 },
    terms: {
      platform: 'slack',
      adminRequirement: 'workspace admin or owner rights (or a place in SLACK_ADMIN_USERS)',
      voteEmoji: `:${slackReactionNames(deps.voteEmoji)[0]}:`,
      readEmoji: `:${slackReadNames(deps.readEmoji)[0]}:`,
      cardsPerReply: CARDS_PER_REPLY,
      keyValueOptions: true,
      channelMention: channelLink,
      messageLink: (_channel, ref) => `https://slack.com/archives/${ref.channelId}/p${ref.messageId.replace('.', '')}`,
      displayNames: (_channel, voters) => slackNames(users, voters),
      // Threads work in the app's DM with a person; forum posts are Discord's.
      directMessageLayouts: ['messages', 'thread', 'compact'],
    },
    async start(handlers: PlatformHandlers): Promise<RunningPlatform> {
      const { ackDeadlineMs } = options;
      const openDirect = poster.openDirect!;
      listenForCommands(app, handlers.commands, { postClient, users, openDirect, logger, clock, ackDeadlineMs });
      listenForSlackVotes(app, {
        votes: handlers.votes,
        voteEmoji: deps.voteEmoji,
        downvoteEmoji: deps.downvoteEmoji,
        now: clock.now,
      });
      listenForSlackClaims(app, { claims: handlers.claims, readEmoji: deps.readEmoji, now: clock.now });
      listenForTakeawayForms(app, handlers.commands, { users, logger });
      app.error(async (error) => logger.error('slack listener failed', { error }));
      return startBolt(app, socketReceiver, options.port, logger);
    },
  };
}

/** The Bolt app on its receiver, and the client digest posts go through. */
function createClients(options: SlackOptions, deps: PlatformDeps) {
  const { logger, clock } = deps;
  const clientOptions = { slackApiUrl: options.apiUrl, retryConfig: options.retryConfig ?? { retries: 5, factor: 2 } };
  const signatures = createSignatureMonitor(logger, clock.now);
  const boltLogger = createBoltLogger(createRateLimitedLogger(logger, { now: clock.now }), signatures.noteReason);
  // Built here rather than by Bolt so readiness can ask the Socket Mode client whether it is connected.
  const socketReceiver = options.appToken
    ? new SocketModeReceiver({ appToken: options.appToken, logger: boltLogger, installerOptions: { clientOptions } })
    : undefined;
  const receiver = socketReceiver ?? createHttpReceiver(options, deps, boltLogger, signatures);
  // Bolt checks the token (auth.test) in `init`, called by `startBolt`: a bot stopped before it starts
  // then leaves no check retrying against a Slack it no longer talks to.
  const app = new App({
    token: options.botToken,
    receiver,
    clientOptions,
    logger: boltLogger,
    deferInitialization: true,
  });
  // Digest posts go through a client that never retries by itself: the poster decides (see poster.ts).
  const postClient = new webApi.WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    logger: boltLogger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.postTimeoutMs ?? 30_000,
  });
  for (const client of [app.client, postClient]) {
    client.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number) => {
      deps.metrics.rateLimited('slack');
      deps.metrics.rateLimitWait('slack', retryAfterSeconds * 1000);
    });
  }
  return { app, socketReceiver, postClient };
}

/** Starts Bolt: the Socket Mode connection, or the HTTP server on `port`. */
async function startBolt(
  app: App,
  socketReceiver: SocketModeReceiver | undefined,
  port: number,
  logger: Logger,
): Promise<RunningPlatform> {
  let server: Server | undefined;
  try {
    await app.init();
    if (socketReceiver) await app.start();
    else server = (await app.start({ port })) as Server;
  } catch (error) {
    // A half-started receiver (a socket retrying, a server) would keep the process alive.
    await app.stop().catch(() => undefined);
    throw error;
  }
  logger.info('slack ready', { mode: socketReceiver ? 'socket' : 'http' });
  return {
    server,
    assertConnected() {
      if (socketReceiver ? !socketReceiver.client.websocket?.isActive() : !server?.listening)
        throw new Error(socketReceiver ? 'socket mode connection not open' : 'HTTP receiver not listening');
    },
    serves: (channel) => channel.platform === 'slack',
    stop: () => app.stop().then(() => undefined),
  };
}

/** HTTP mode: `/slack/events` under a body limit and a replay guard, and the health paths on the same port. */
function createHttpReceiver(
  options: SlackOptions,
  { logger, clock, stores }: PlatformDeps,
  boltLogger: ReturnType<typeof createBoltLogger>,
  signatures: ReturnType<typeof createSignatureMonitor>,
): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret ?? '',
    endpoints: '/slack/events',
    logger: boltLogger,
    customRoutes: HEALTH_PATHS.map((path) => ({
      path,
      method: ['GET'],
      handler: (req, res) => options.health.handle(req, res),
    })),
  });
  receiver.requestListener = guardEvents(receiver.requestListener, {
    path: '/slack/events',
    maxBytes: SLACK_MAX_BODY_BYTES,
    onStatus: signatures.onStatus,
    clock,
    accept: createReplayGuard({
      signingSecret: options.signingSecret ?? '',
      requests: createRequestLog(stores.backend.withTimeout(REPLAY_CHECK_TIMEOUT_MS)),
      logger: createRateLimitedLogger(logger, { now: clock.now }),
    }),
  });
  return receiver;
}
