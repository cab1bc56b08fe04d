import { loadConfig } from '../../src/config.js';
import { createManualClock } from '../../src/ports/clock.js';
import { createMemoryLogger } from '../../src/ports/logger.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import type { Backend } from '../../src/store/backend.js';
import { launchBot, type BotDeps } from '../../adapters/bot/bot.js';
import { afterEach, beforeEach } from 'vitest';
import {
  createSlackFake,
  FORM_CONTENT_TYPE,
  postSigned,
  slashCommandBody,
  type SlackFake,
} from '../fakes/slack/fake.js';
import type { SlackFakeOptions } from '../fakes/slack/types.js';
import type { HfFake } from '../fakes/hf-fake.js';

export const SECRET = 'test-signing-secret';

/** The bots started and not yet stopped, so slackBotPerTest also stops a bot a test started again. */
const live = new Set<{ stop(): Promise<void> }>();

/**
 * Real Bolt, built by the composition root (adapters/bot/bot.ts) as `paperfeed start` builds it,
 * pointed at the local Slack fake; the clock stands on 2026-06-12 (New York day). No scheduler
 * runs. `core` holds the bot's parts as tests reach them; `adapter.stop` stops the whole bot.
 */
export async function startSlackBot(
  slack: SlackFake,
  hf: HfFake,
  opts: {
    backend?: Backend;
    appToken?: string;
    adminUsers?: string;
    postTimeoutMs?: number;
    ackDeadlineMs?: number;
    env?: Record<string, string>;
    deps?: BotDeps;
  } = {},
) {
  const config = loadConfig({
    STORE_URL: 'memory://',
    HF_API_URL: hf.url,
    ARXIV_API_URL: `${hf.url}/arxiv/query`,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ADMIN_USERS: opts.adminUsers ?? '',
    ...(opts.appToken ? { SLACK_APP_TOKEN: opts.appToken } : {}),
    PORT: '0',
    ...opts.env,
  });
  const logger = createMemoryLogger();
  const clock = createManualClock('2026-06-12T20:00:00Z');
  const bot = await launchBot(config, logger, {
    clock,
    backend: opts.backend ?? createMemoryBackend(),
    arxivMinIntervalMs: 0,
    scheduler: false,
    metrics: { defaultMetrics: false },
    platforms: {
      slack: {
        retryConfig: { retries: 1, factor: 1 },
        spacingMs: 20,
        retryDelayMs: 20,
        postTimeoutMs: opts.postTimeoutMs,
        ackDeadlineMs: opts.ackDeadlineMs,
      },
    },
    ...opts.deps,
  });
  const stop = bot.stop;
  const adapter = {
    delivery: bot.deliveries.get('slack')!,
    assertConnected: () => bot.platforms.get('slack')!.assertConnected(),
    stop: () => (live.delete(adapter) ? stop() : Promise.resolve()),
  };
  live.add(adapter);
  return {
    core: bot,
    adapter,
    logger,
    clock,
    health: bot.health,
    url: `http://127.0.0.1:${bot.port}/slack/events`,
    base: `http://127.0.0.1:${bot.port}`,
  };
}

export type SlackBot = Awaited<ReturnType<typeof startSlackBot>>;

/**
 * The hooks most Slack test files share: before each test, a Slack fake (one admin, UADMIN, unless
 * `fake` says otherwise) and a bot on it, handed to `use`; after each test, every bot still running
 * (also one the test started again) and the fake stopped.
 */
export function slackBotPerTest(
  hf: () => HfFake,
  use: (slack: SlackFake, bot: SlackBot) => void,
  o: { fake?: SlackFakeOptions; bot?: Parameters<typeof startSlackBot>[2] } = {},
) {
  let slack: SlackFake | undefined;
  beforeEach(async () => {
    slack = await createSlackFake(o.fake ?? { users: [{ id: 'UADMIN', is_admin: true }] });
    use(slack, await startSlackBot(slack, hf(), o.bot));
  });
  afterEach(async () => {
    for (const adapter of [...live]) await adapter.stop();
    await slack?.close();
    slack = undefined;
  });
}

let counter = 0;

type Body = {
  text?: string;
  response_type?: string;
  blocks?: {
    type: string;
    text?: { text: string };
    elements?: { action_id?: string; value?: string; text?: { text: string } }[];
  }[];
};

/**
 * Sends a signed `/papers <text>` (in C0001 unless `where` says otherwise); returns the HTTP ack
 * and, unless it answered already, the answer: the response_url post, or a confirmation the bot
 * posted in the channel with chat.postMessage (`via`; the command may still be storing its
 * change). Delivery posts carry metadata; answers do not.
 */
export async function command(
  slack: SlackFake,
  url: string,
  text: string,
  userId = 'U0001',
  where: { channelId?: string; channelName?: string } = {},
) {
  const id = `cmd${++counter}`;
  const started = Date.now();
  const res = await postSigned(
    url,
    slashCommandBody({ text, userId, responseUrl: slack.responseUrl(id), ...where }),
    FORM_CONTENT_TYPE,
    SECRET,
  );
  const ackMs = Date.now() - started;
  const ackBody = await res.text();
  const ack = ackBody ? (JSON.parse(ackBody) as Body) : undefined;
  const answer =
    ack?.text || ack?.blocks
      ? undefined
      : await slack.waitFor(
          (r) =>
            r.kind === 'response'
              ? r.id === id
              : r.method === 'chat.postMessage' &&
                r.time >= started &&
                r.body.metadata === undefined &&
                (r.response as { ok?: boolean }).ok === true,
          8000,
          `the answer to ${id}`,
        );
  // The answer: the ack body when the command answered within the ack deadline, else the response_url post or the channel post.
  const via = answer ? (answer.kind === 'response' ? 'response_url' : 'chat.postMessage') : 'ack';
  const response = (answer?.body ?? ack ?? {}) as Body;
  return { status: res.status, ackMs, ack, via, response, text: allText(response) };
}

/** Every bit of visible text in a Block Kit message, for assertions. */
export function allText(body: {
  text?: string;
  blocks?: { text?: { text: string }; elements?: { text?: { text: string } | string }[] }[];
}): string {
  const blockText = (body.blocks ?? []).flatMap((b) => [
    b.text?.text ?? '',
    ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? ''))),
  ]);
  return [body.text ?? '', ...blockText].join('\n');
}
