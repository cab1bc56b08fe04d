import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { App, LogLevel } from '@slack/bolt';
import { launchBot, type BotDeps } from '../adapters/bot/bot.js';
import { createManualClock } from '../src/ports/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/ports/logger.js';
import type { Stores } from '../src/store/index.js';
import { createMemoryBackend } from '../src/store/memory-backend.js';
import { createHfFake, fixtureDay } from '../test/fakes/hf-fake.js';
import {
  createSlackFake,
  FORM_CONTENT_TYPE,
  postSigned,
  slashCommandBody,
  type SlackFake,
} from '../test/fakes/slack/fake.js';
import { ms, percentile } from './machine.js';

const SECRET = 'bench-secret';
/** Users sending commands at once; each sends its next command as soon as the last one was acked. */
const SENDERS = 4;
/** Rounds per app; they alternate the order of the apps so drift in machine load lands on each. */
const ROUNDS = 8;

interface Target {
  name: string;
  url: string;
  ackMs: number[];
  /** Until the user sees the answer: the ack itself when it carries one, else the response_url post. */
  answerMs: number[];
  /** Each round's ack p99: their median shrugs off a burst of machine load that lands on one round. */
  roundP99: number[];
}

/**
 * Slack slash-command ack latency: a bare Bolt app that only acks against the paperfeed Slack
 * adapter (answers in the ack) and the same adapter acking first (answers through response_url),
 * in the same process and the same run, all through Bolt's HTTPReceiver with signed
 * requests and the local Slack fake (auth.test, response_url). Rounds alternate the order of the
 * apps so machine noise lands on each.
 */
export async function benchAcks(perCommand = 800, senders = SENDERS): Promise<string[]> {
  const hf = await createHfFake();
  hf.days.set('2026-06-11', fixtureDay());
  const slack = await createSlackFake();
  const bare = new App({
    token: 'xoxb-bench',
    signingSecret: SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: slack.apiUrl },
  });
  bare.command('/papers', async ({ ack }) => ack());
  const bareServer = (await bare.start(0)) as Server;

  const config = loadConfig({
    STORE_URL: 'memory://',
    HF_API_URL: hf.url,
    ARXIV_API_URL: `${hf.url}/arxiv/query`,
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
  });
  // Two bots as `paperfeed start` builds them, on one store.
  const deps: BotDeps = {
    clock: createManualClock('2026-06-12T20:00:00Z'),
    backend: createMemoryBackend(),
    scheduler: false,
    metrics: { defaultMetrics: false },
  };
  const bot = await launchBot(config, silentLogger, deps);
  await seedVotes(bot.stores, await bot.feed.day('2026-06-11'));
  // The same adapter acking first and answering every command through response_url, as before answers rode on acks.
  const ackFirst = await launchBot(config, silentLogger, { ...deps, platforms: { slack: { ackDeadlineMs: 0 } } });

  const lines: string[] = [];
  try {
    for (const text of ['help', 'top']) {
      const targets: Target[] = [
        { name: 'bare Bolt', url: urlOf(bareServer), ackMs: [], answerMs: [], roundP99: [] },
        { name: 'paperfeed', url: `http://127.0.0.1:${bot.port}/slack/events`, ackMs: [], answerMs: [], roundP99: [] },
        {
          name: 'paperfeed, ack first',
          url: `http://127.0.0.1:${ackFirst.port}/slack/events`,
          ackMs: [],
          answerMs: [],
          roundP99: [],
        },
      ];
      for (const t of targets) await load(slack, t, text, 20, senders, true); // warm-up, not counted
      for (let round = 0; round < ROUNDS; round++) {
        for (const t of round % 2 ? [...targets].reverse() : targets)
          await load(slack, t, text, perCommand / ROUNDS, senders);
      }
      const bare = targets[0]!;
      const [bareP99, bareRoundP99] = [percentile(bare.ackMs, 99), percentile(bare.roundP99, 50)];
      lines.push(
        `acks /papers ${text}: ${perCommand} per app, ${senders} senders, ack and answer latency p50 / p99; ack p99 against bare Bolt's, over all and as the median of ${ROUNDS} rounds (target ≤ 1.5×)`,
      );
      for (const t of targets) {
        const ratio =
          t === bare
            ? ''
            : `; ack p99 ${(percentile(t.ackMs, 99) / bareP99).toFixed(2)}×, by rounds ${(percentile(t.roundP99, 50) / bareRoundP99).toFixed(2)}×`;
        lines.push(
          `  ${t.name.padEnd(21)} ack ${ms(percentile(t.ackMs, 50))} / ${ms(percentile(t.ackMs, 99))}, answer ${ms(percentile(t.answerMs, 50))} / ${ms(percentile(t.answerMs, 99))}${ratio}`,
        );
      }
      slack.reset();
    }
  } finally {
    await bot.stop();
    await ackFirst.stop();
    await bare.stop();
    await Promise.all([slack.close(), hf.close()]);
  }
  return lines;
}

let seq = 0;

/** `count` commands from `senders` concurrent senders; records ack and answer latency unless warming up. */
async function load(
  slack: SlackFake,
  target: Target,
  text: string,
  count: number,
  senders: number,
  warmUp = false,
): Promise<void> {
  let left = count;
  const answers: Promise<void>[] = [];
  const sender = async () => {
    while (left-- > 0) {
      const id = `bench${++seq}`;
      const body = slashCommandBody({ text, responseUrl: slack.responseUrl(id) });
      const t0 = performance.now();
      const res = await postSigned(target.url, body, FORM_CONTENT_TYPE, SECRET);
      const ackBody = await res.text();
      const acked = performance.now() - t0;
      if (res.status !== 200) throw new Error(`${target.name}: HTTP ${res.status} for /papers ${text}`);
      if (warmUp) continue;
      target.ackMs.push(acked);
      const answered = ackBody.includes('"text"') || target.name === 'bare Bolt';
      if (answered) target.answerMs.push(acked);
      else
        answers.push(
          slack
            .waitForResponse((r) => r.id === id, 10_000)
            .then(() => void target.answerMs.push(performance.now() - t0)),
        );
    }
  };
  const before = target.ackMs.length;
  await Promise.all(Array.from({ length: senders }, sender));
  await Promise.all(answers);
  if (!warmUp) target.roundP99.push(percentile(target.ackMs.slice(before), 99));
}

async function seedVotes(stores: Stores, papers: readonly { id: string }[]): Promise<void> {
  const at = Date.parse('2026-06-12T10:00:00Z');
  for (const [i, p] of papers.slice(0, 8).entries()) {
    await stores.votes.notePosted('slack:T0001', p.id, at);
    for (let v = 0; v <= i; v++) {
      await stores.votes.react({
        team: 'slack:T0001',
        paperId: p.id,
        identity: `slack:U${v}`,
        reaction: `slack:C0001:${i}:+1`,
        present: true,
        order: at * 1000 + v,
        at,
      });
    }
  }
}

const urlOf = (server: Server): string =>
  `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`;
