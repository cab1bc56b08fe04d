import type { Server } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { definitions, findCommand, runAction, runCommand } from '../../commands/index.js';
import { usageOf } from '../../commands/help.js';
import type { CommandContext } from '../../commands/types.js';
import { validateInput } from '../../commands/validate.js';
import { createDelivery, type Delivery } from '../../src/delivery/delivery.js';
import { UserError } from '../../src/errors.js';
import { createRateLimitedLogger } from '../../src/ports/logger.js';
import { observePoster } from '../../src/delivery/observed-poster.js';
import type { Core } from '../bot/core.js';
import { HEALTH_PATHS, type Health } from '../bot/http-health.js';
import { createUserDirectory, slackNames } from './admins.js';
import { guardEvents, SLACK_MAX_BODY_BYTES } from './body-limit.js';
import { createBoltLogger, createSignatureMonitor } from './bolt-logger.js';
import { CARDS_PER_REPLY, channelLink, replyBlocks, slackText } from './blocks.js';
import { createChannelPost, isDirectMessage } from './channel-post.js';
import { answerWithinAck } from './fast-ack.js';
import { parseCommandText } from './parse.js';
import { createReplayGuard } from './replay-guard.js';
import { createSlackPoster } from './poster.js';
import { listenForSlackVotes, slackReactionNames } from './reactions.js';
import { uploadReplyFile } from './upload.js';

export interface SlackOptions {
  botToken: string;
  signingSecret?: string;
  /** Set for Socket Mode; HTTP mode otherwise. */
  appToken?: string;
  apiUrl: string;
  adminUsers: readonly string[];
  /** HTTP mode: the port for `/slack/events` and `/healthz` (0 picks a free one). */
  port: number;
  health: Health;
  owner: string;
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

export interface SlackAdapter {
  app: App;
  delivery: Delivery;
  /** The HTTP server in HTTP mode (serves `/slack/events` and `/healthz`). */
  server?: Server;
  /** Readiness: throws unless the Socket Mode connection is open (or the HTTP receiver listening). */
  assertConnected(): void;
  stop(): Promise<void>;
}

/** Starts Bolt in HTTP mode (signed requests on `POST /slack/events`) or Socket Mode, wired to the commands. */
export async function startSlack(core: Core, options: SlackOptions): Promise<SlackAdapter> {
  const { logger, stores, feed, clock, config, metrics } = core;
  const clientOptions = { slackApiUrl: options.apiUrl, retryConfig: options.retryConfig ?? { retries: 5, factor: 2 } };
  const socketMode = Boolean(options.appToken);
  const signatures = createSignatureMonitor(logger, clock.now);
  const boltLogger = createBoltLogger(createRateLimitedLogger(logger, { now: clock.now }), signatures.noteReason);
  // Built here rather than by Bolt so readiness can ask the Socket Mode client whether it is connected.
  const socketReceiver = socketMode
    ? new SocketModeReceiver({ appToken: options.appToken!, logger: boltLogger, installerOptions: { clientOptions } })
    : undefined;
  const httpReceiver = socketReceiver
    ? undefined
    : new HTTPReceiver({
        signingSecret: options.signingSecret ?? '',
        endpoints: '/slack/events',
        logger: boltLogger,
        customRoutes: HEALTH_PATHS.map((path) => ({
          path,
          method: ['GET'],
          handler: (req, res) => options.health.handle(req, res),
        })),
      });
  if (httpReceiver) {
    httpReceiver.requestListener = guardEvents(httpReceiver.requestListener, {
      path: '/slack/events',
      maxBytes: SLACK_MAX_BODY_BYTES,
      onStatus: signatures.onStatus,
      accept: createReplayGuard({
        signingSecret: options.signingSecret ?? '',
        requests: stores.requests,
        logger: createRateLimitedLogger(logger, { now: clock.now }),
      }),
    });
  }
  const receiver = socketReceiver ?? httpReceiver!;
  const app = new App({
    token: options.botToken,
    receiver,
    clientOptions,
    logger: boltLogger,
  });
  // Digest posts go through a client that never retries by itself: the poster decides (see poster.ts).
  const postClient = new webApi.WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    logger: boltLogger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.postTimeoutMs ?? 30_000,
  });
  const observed = observePoster(
    createSlackPoster(postClient, { spacingMs: options.spacingMs, retryDelayMs: options.retryDelayMs }),
    'slack',
    core,
  );
  // Live-card edits yield to these posts; chat.update is Tier 3: 50 a minute (docs.slack.dev/reference/methods/chat.update).
  const poster = core.liveCards.attach('slack', observed, { concurrency: 1, intervalCap: 50, interval: 60_000 });
  for (const client of [app.client, postClient]) {
    client.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number) => {
      metrics.rateLimited('slack');
      metrics.rateLimitWait('slack', retryAfterSeconds * 1000);
    });
  }
  const delivery = createDelivery({
    feed,
    stores,
    clock,
    logger,
    poster,
    owner: options.owner,
    voteEmoji: config.voteEmoji,
  });
  const users = createUserDirectory(app.client, options.adminUsers, logger);
  const makeContext = async (
    teamId: string,
    channelId: string,
    userId: string,
    extra: Partial<CommandContext> = {},
  ): Promise<CommandContext> => {
    const user = await users(userId);
    return {
      feed,
      stores,
      clock,
      logger,
      metrics,
      delivery,
      channel: { platform: 'slack', teamId, channelId },
      userId: `slack:${userId}`,
      isAdmin: user.admin,
      userTimeZone: user.timeZone,
      keyValueOptions: true,
      adminRequirement: 'workspace admin or owner rights (or a place in SLACK_ADMIN_USERS)',
      voteEmoji: `:${slackReactionNames(config.voteEmoji)[0]}:`,
      cardsPerReply: CARDS_PER_REPLY,
      channelMention: channelLink,
      messageLink: (ref) => `https://slack.com/archives/${ref.channelId}/p${ref.messageId.replace('.', '')}`,
      displayNames: (voters) => slackNames(users, voters),
      ...extra,
    };
  };

  app.command('/papers', async ({ command, ack, respond }) => {
    const parsed = parseCommandText(command.text ?? '', definitions());
    if (!parsed.ok) return void (await ack({ response_type: 'ephemeral', text: slackText(parsed.error) }));
    const def = findCommand(parsed.name)!.def;
    try {
      validateInput(def, parsed.raw);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return void (await ack({ response_type: 'ephemeral', text: slackText(`${error.message}\n${usageOf(def)}`) }));
    }
    // A quick answer rides on the ack; a slow one acks empty at the deadline, inside Slack's
    // 3-second window, and follows through response_url (see fast-ack.ts).
    const answer = async () => {
      const directMessage = isDirectMessage(command.channel_id, command.channel_name);
      const ctx = await makeContext(command.team_id, command.channel_id, command.user_id, {
        directMessage,
        // Public confirmations go out with chat.postMessage, which proves the bot may post here.
        ...(directMessage ? {} : { postInChannel: createChannelPost(postClient, command.channel_id) }),
      });
      const result = await uploadReplyFile(
        app.client,
        command.channel_id,
        await runCommand(parsed.name, parsed.raw, ctx),
        logger,
      );
      // Empty: the answer was already posted in the channel.
      if (!result.text && result.cards.length === 0) return undefined;
      return {
        response_type: result.private ? ('ephemeral' as const) : ('in_channel' as const),
        ...replyBlocks(result),
      };
    };
    await answerWithinAck(answer, { ack, respond }, options.ackDeadlineMs);
  });

  app.action(/^papers:/, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const ctx = await makeContext(body.team?.id ?? '', body.channel?.id ?? '', body.user.id);
    const result = await runAction(action.value ?? '', ctx);
    await respond({ replace_original: true, response_type: 'ephemeral', ...replyBlocks(result) });
  });
  // Link buttons open their URL in the browser; Slack still sends an action, which needs an ack.
  app.action(/^link:/, async ({ ack }) => void (await ack()));

  listenForSlackVotes(app, { votes: core.votes, voteEmoji: config.voteEmoji, now: clock.now });
  app.error(async (error) => logger.error('slack listener failed', { error }));

  let server: Server | undefined;
  try {
    if (socketMode) await app.start();
    else server = (await app.start({ port: options.port })) as Server;
  } catch (error) {
    // A half-started receiver (a socket retrying, a server) would keep the process alive.
    await app.stop().catch(() => undefined);
    throw error;
  }
  logger.info('slack ready', { mode: socketMode ? 'socket' : 'http' });
  const assertConnected = () => {
    if (socketReceiver ? !socketReceiver.client.websocket?.isActive() : !server?.listening) {
      throw new Error(socketReceiver ? 'socket mode connection not open' : 'HTTP receiver not listening');
    }
  };
  return { app, delivery, server, assertConnected, stop: () => app.stop().then(() => undefined) };
}
