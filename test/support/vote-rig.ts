import type { BotDeps } from '../../adapters/bot/bot.js';
import type { Backend } from '../../src/store/backend.js';
import { createStores } from '../../src/store/index.js';
import { createDiscordFake, DEFAULTS } from '../fakes/discord/fake.js';
import type { HfFake } from '../fakes/hf-fake.js';
import { BOT_USER_ID, JSON_CONTENT_TYPE, createSlackFake, eventCallbackBody, postSigned } from '../fakes/slack/fake.js';
import { ask, startDiscordBot } from './discord-bot.js';
import { SECRET, command, startSlackBot } from './slack-bot.js';

/** One vote reaction a person adds or takes back, on Discord or Slack. */
export interface VoteStep {
  platform: 'discord' | 'slack';
  user: number;
  present: boolean;
}

/**
 * A Discord bot (real discord.js against the Discord fake) and a Slack bot (real Bolt, signed
 * requests) on one store, each with the 2026-06-12 digest posted, so reactions on its first paper
 * card are votes. `vote` sends one reaction event the way the platform does; each Slack event gets
 * the next `event_ts`, so its order is the order `vote` was called in even if it is sent later.
 * `deps` tunes both bots (the vote queue's retry pace, …).
 */
export async function startVoteRig(hf: HfFake, backend: Backend, deps: BotDeps = {}) {
  // Discord's own heartbeat interval (not the fake's 1 s): a locked SQLite file keeps the loop busy
  // for seconds (each busy try waits 20 ms), and a heartbeat timer that fires before the late ack is
  // read makes discord.js reconnect, with a reaction sent meanwhile reaching no client.
  const discord = await createDiscordFake({ heartbeatIntervalMs: 41_250 });
  const slack = await createSlackFake({ users: [{ id: 'UADMIN', is_admin: true }] });
  const discordBot = await startDiscordBot(discord, hf, backend, {}, undefined, deps);
  const slackBot = await startSlackBot(slack, hf, { backend, deps });
  try {
    await ask(discord, 'digest', { date: '2026-06-12' }, { admin: true });
    await command(slack, slackBot.url, 'digest 2026-06-12', 'UADMIN');
  } catch (error) {
    await stop();
    throw error;
  }
  const card = { discord: discord.messagesIn(DEFAULTS.channelId)[1]!.id, slack: slack.messages('C0001')[1]!.ts };
  const stores = createStores(backend);
  const paper = {
    discord: (await stores.ledger.paperForMessage({
      platform: 'discord',
      channelId: DEFAULTS.channelId,
      messageId: card.discord,
    }))!.paperId,
    slack: (await stores.ledger.paperForMessage({ platform: 'slack', channelId: 'C0001', messageId: card.slack }))!
      .paperId,
  };
  const team = { discord: `discord:${DEFAULTS.guildId}`, slack: 'slack:T0001' };
  let slackSeq = 0;

  /** Sends the step now, or (Slack) returns a function that sends it, stamped with its order now. */
  function prepare(step: VoteStep): () => Promise<void> {
    if (step.platform === 'discord') {
      const o = { messageId: card.discord, userId: String(400000000000000100n + BigInt(step.user)) };
      return async () => void (step.present ? discord.sendReactionAdd(o) : discord.sendReactionRemove(o));
    }
    const eventTs = `1781258400.${String(++slackSeq).padStart(6, '0')}`;
    const body = eventCallbackBody(
      {
        type: step.present ? 'reaction_added' : 'reaction_removed',
        user: `U1${String(step.user).padStart(4, '0')}`,
        reaction: '+1',
        item_user: BOT_USER_ID,
        item: { type: 'message', channel: 'C0001', ts: card.slack },
        event_ts: eventTs,
      },
      { eventId: `Ev${eventTs}` },
    );
    return async () => {
      const res = await postSigned(slackBot.url, body, JSON_CONTENT_TYPE, SECRET);
      if (res.status !== 200) throw new Error(`Slack event answered ${res.status}`);
    };
  }

  /** Each platform's vote count for its card, read from the store. */
  const counts = async () => ({
    discord: await stores.votes.count(team.discord, paper.discord),
    slack: await stores.votes.count(team.slack, paper.slack),
  });
  /** Votes waiting in the two bots for the store to answer again. */
  const pending = () => discordBot.core.votes.pending() + slackBot.core.votes.pending();

  async function stop() {
    await discordBot.adapter.stop();
    await slackBot.adapter.stop();
    discordBot.core.votes.stop();
    slackBot.core.votes.stop();
    await discord.close();
    await slack.close();
  }
  return { prepare, counts, pending, stop, discordBot, slackBot, team, paper };
}

/** What the counts must be after `steps`: a person votes while their last step added the reaction. */
export function truthOf(steps: readonly VoteStep[]): { discord: number; slack: number } {
  const last = new Map<string, boolean>();
  for (const s of steps) last.set(`${s.platform}:${s.user}`, s.present);
  const count = (p: string) => [...last].filter(([k, v]) => k.startsWith(`${p}:`) && v).length;
  return { discord: count('discord'), slack: count('slack') };
}

/**
 * `people` people per platform, each toggling their vote 1–3 times (starting with an add), in an
 * order shuffled by `random` (each person's own steps stay in order).
 */
export function toggles(random: () => number, people: number): VoteStep[] {
  const queues: VoteStep[][] = [];
  for (const platform of ['discord', 'slack'] as const)
    for (let user = 0; user < people; user++) {
      const n = 1 + Math.floor(random() * 3);
      queues.push(Array.from({ length: n }, (_, i) => ({ platform, user, present: i % 2 === 0 })));
    }
  const steps: VoteStep[] = [];
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    steps.push(open[Math.floor(random() * open.length)]!.shift()!);
  }
  return steps;
}
