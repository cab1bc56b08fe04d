import type { BotDeps } from '../../adapters/bot/bot.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import type { Backend } from '../../src/store/backend.js';
import { createDiscordFake, DEFAULTS, type DiscordFake, type RecordedRequest } from '../fakes/discord/fake.js';
import type { DiscordFakeOptions } from '../fakes/discord/types.js';
import type { HfFake } from '../fakes/hf-fake.js';
import {
  BOT_USER_ID,
  createSlackFake,
  eventCallbackBody,
  JSON_CONTENT_TYPE,
  postSigned,
  type SlackCall,
  type SlackFake,
} from '../fakes/slack/fake.js';
import { ask, startDiscordBot } from './discord-bot.js';
import { SECRET, command, startSlackBot } from './slack-bot.js';

/** Discord readers: Ana and Bo by their server nicknames, Cy with DMs closed. */
export const ANA = '400000000000000101';
export const BO = '400000000000000102';
export const CY = '400000000000000103';
export const DISCORD_TEAM = `discord:${DEFAULTS.guildId}`;
export const CHANNEL = DEFAULTS.channelId;

/** The Discord fake with a server whose members have names, Cy refusing DMs. */
export const clubGuild = (o: DiscordFakeOptions = {}): DiscordFakeOptions => ({
  guilds: [
    {
      id: DEFAULTS.guildId,
      name: 'Lab',
      channels: [{ id: CHANNEL, name: 'papers' }],
      members: [
        { id: ANA, username: 'ana', nick: 'Ana' },
        { id: BO, username: 'bo', nick: 'Bo' },
        { id: CY, username: 'cy', nick: 'Cy' },
      ],
    },
  ],
  closedDms: [CY],
  ...o,
});

/** Live cards that edit at once after posts and only when the test flushes them. */
export const LIVE: BotDeps = { liveCards: { idleMs: 0, tickMs: 3_600_000 } };

/**
 * A Discord bot on the club guild with the 2026-06-12 digest posted; `card` is its first paper's
 * message. `subscribe` subscribes the channel first with these options (reminders follow the feeds).
 */
export async function discordClub(
  hf: HfFake,
  backend: Backend = createMemoryBackend(),
  deps: BotDeps = LIVE,
  subscribe?: Record<string, string>,
) {
  const discord = await createDiscordFake(clubGuild());
  const bot = await startDiscordBot(discord, hf, backend, {}, { retries: 0, timeout: 3000 }, deps);
  if (subscribe) await ask(discord, 'subscribe', subscribe, { admin: true });
  await ask(discord, 'digest', { date: '2026-06-12' }, { admin: true });
  let card = discord.messagesIn(CHANNEL)[0]!;
  let paperId = '';
  for (const m of discord.messagesIn(CHANNEL)) {
    const found = await bot.core.stores.ledger.paperForMessage({
      platform: 'discord',
      channelId: CHANNEL,
      messageId: m.id,
    });
    if (found) {
      [card, paperId] = [m, found.paperId];
      break;
    }
  }
  const stop = async () => {
    await bot.adapter.stop();
    await discord.close();
  };
  return { discord, bot, card, paperId, stop };
}

/** What the bot posted (or edited) in a channel or thread, oldest first. */
export const botWrites = (discord: DiscordFake, channelId: string, method = 'POST'): RecordedRequest[] =>
  discord.requests.filter(
    (r) => r.method === method && r.path.startsWith(`/channels/${channelId}/messages`) && r.status < 300,
  );

export const contentOf = (r: RecordedRequest) => String((r.body as { content?: string }).content ?? '');

/**
 * Who the bot's Discord messages could ping: for each message it sent or edited with text (channel
 * messages, interaction replies), the users, roles and kinds its `allowed_mentions` allow, or
 * `unguarded` for one sent without (Discord would then ping whatever its text mentions).
 */
export function discordPings(discord: DiscordFake): string[] {
  return discord.requests.flatMap((r) => {
    if (!(r.method === 'POST' || r.method === 'PATCH') || r.status >= 300 || r.body === undefined) return [];
    if (!/\/messages(\/[^/]+)?$/.test(r.path) && !/^\/webhooks\//.test(r.path) && !/\/callback$/.test(r.path))
      return [];
    const raw = r.body as {
      content?: string;
      allowed_mentions?: Allowed;
      data?: { content?: string; allowed_mentions?: Allowed };
    };
    const body = /\/callback$/.test(r.path) ? (raw.data ?? {}) : raw;
    if (!body.content) return [];
    const a = body.allowed_mentions;
    if (!a) return [`unguarded ${r.path}`];
    return [
      ...(a.parse ?? []).map((p) => `parse:${p}`),
      ...(a.users ?? []).map((u) => `user:${u}`),
      ...(a.roles ?? []).map((x) => `role:${x}`),
    ];
  });
}
type Allowed = { parse?: string[]; users?: string[]; roles?: string[] };

/** Slack readers (profile display names Ana, Bo). */
export const SLACK_ANA = 'UANA';
export const SLACK_BO = 'UBO';
export const SLACK_TEAM = 'slack:T0001';

/** A Slack bot with the 2026-06-12 digest posted in C0001; `card` is its first paper's message. `subscribe`: as for Discord. */
export async function slackClub(
  hf: HfFake,
  backend: Backend = createMemoryBackend(),
  deps: BotDeps = LIVE,
  subscribe?: string,
) {
  const slack = await createSlackFake({
    users: [
      { id: 'UADMIN', is_admin: true },
      { id: SLACK_ANA, name: 'Ana' },
      { id: SLACK_BO, name: 'Bo' },
    ],
  });
  const platforms = { slack: { retryConfig: { retries: 0 }, spacingMs: 20, retryDelayMs: 20 } };
  const bot = await startSlackBot(slack, hf, { backend, deps: { ...deps, platforms } });
  if (subscribe !== undefined) await command(slack, bot.url, `subscribe ${subscribe}`, 'UADMIN');
  await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN');
  let card = slack.messages('C0001')[0]!;
  let paperId = '';
  for (const m of slack.messages('C0001')) {
    const found = await bot.core.stores.ledger.paperForMessage({
      platform: 'slack',
      channelId: 'C0001',
      messageId: m.ts,
    });
    if (found) {
      [card, paperId] = [m, found.paperId];
      break;
    }
  }
  let seq = 0;
  /** Sends a 📖 reaction event (each with the next event_ts, unless `eventTs`); `retry` marks a redelivery. */
  const react = async (user: string, present: boolean, o: { ts?: string; eventTs?: string; retry?: boolean } = {}) => {
    const eventTs = o.eventTs ?? `1781258400.${String(++seq).padStart(6, '0')}`;
    const body = eventCallbackBody(
      {
        type: present ? 'reaction_added' : 'reaction_removed',
        user,
        reaction: 'book',
        item_user: BOT_USER_ID,
        item: { type: 'message', channel: 'C0001', ts: o.ts ?? card.ts },
        event_ts: eventTs,
      },
      { eventId: `Ev${eventTs}` },
    );
    const res = await postSigned(bot.url, body, JSON_CONTENT_TYPE, SECRET, o.retry ? { retryNum: 1 } : {});
    if (res.status !== 200) throw new Error(`Slack event answered ${res.status}`);
    return eventTs;
  };
  const stop = async () => {
    await bot.adapter.stop();
    await slack.close();
  };
  return { slack, bot, card, paperId, react, stop };
}

/** The bot's thread replies under `ts` in C0001 (chat.postMessage with that thread_ts), oldest first. */
export const threadPosts = (slack: SlackFake, ts: string): SlackCall[] =>
  slack
    .callsTo('chat.postMessage')
    .filter((c) => c.body.thread_ts === ts && (c.response as { ok?: boolean }).ok === true);

export const slackTextOf = (c: SlackCall) => `${String(c.body.text ?? '')}\n${JSON.stringify(c.body.blocks ?? [])}`;

/** Polls until `check` holds (every 20 ms, at most 3 s). */
export async function eventually(check: () => boolean | Promise<boolean>, what = 'a condition'): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
