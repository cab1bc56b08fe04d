import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import {
  BOT_USER_ID,
  JSON_CONTENT_TYPE,
  eventCallbackBody,
  postSigned,
  type SlackFake,
  type StoredMessage,
} from '../../fakes/slack/fake.js';
import { command, SECRET, type SlackBot, slackBotPerTest } from '../../support/slack-bot.js';

let slack: SlackFake;
let hf: HfFake;
let bot: SlackBot;

/** Digest messages (they carry a slot key in metadata), oldest first. */
const digestMessages = () => slack.messages('C0001').filter((m) => m.metadata);
/** The arXiv id a paper message links to (its first huggingface.co/papers link). */
const paperOf = (m: StoredMessage) => /huggingface\.co\/papers\/([^|>]+)/.exec(JSON.stringify(m.blocks))?.[1];
const votes = async () =>
  new Map((await bot.core.stores.votes.leaderboard('slack:T0001', 0)).map((r) => [r.paperId, r.votes]));
async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 150; i++)
    if (await check()) return;
    else await new Promise((r) => setTimeout(r, 20));
  throw new Error(`timed out waiting for ${what}`);
}
let n = 0;
const react = (user: string, reaction: string, ts: string) =>
  postSigned(
    bot.url,
    eventCallbackBody(
      {
        type: 'reaction_added',
        user,
        reaction,
        item_user: BOT_USER_ID,
        item: { type: 'message', channel: 'C0001', ts },
        event_ts: `1781258400.${String(++n).padStart(6, '0')}`,
      },
      { eventId: `EvL${n}` },
    ),
    JSON_CONTENT_TYPE,
    SECRET,
  );

beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
slackBotPerTest(
  () => hf,
  (s, b) => ((slack = s), (bot = b)),
  { bot: { postTimeoutMs: 400 } },
);

describe('Slack: a threaded day', () => {
  it('posts one message in the channel and the papers as replies in its thread, and counts votes per paper', async () => {
    await command(slack, bot.url, 'subscribe layout:thread', 'UADMIN');
    expect((await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN')).text).toMatch(
      /Posted the 2026-06-12 digest here: 5 papers/,
    );
    const [header, ...replies] = digestMessages();
    expect(header!.thread_ts).toBeUndefined();
    expect(replies).toHaveLength(5);
    expect(replies.every((r) => r.thread_ts === header!.ts)).toBe(true);
    expect(slack.violations).toEqual([]);
    await react('U0002', '+1', replies[0]!.ts);
    await react('U0003', '+1', replies[0]!.ts);
    await react('U0002', '+1', replies[2]!.ts);
    await until(async () => [...(await votes()).values()].reduce((a, b) => a + b, 0) === 3, 'three votes');
    expect(await votes()).toEqual(
      new Map([
        [paperOf(replies[0]!), 2],
        [paperOf(replies[2]!), 1],
      ]),
    );
  });

  it('a reply whose answer was lost is in the thread once, found among the replies', async () => {
    await command(slack, bot.url, 'subscribe layout:thread', 'UADMIN');
    slack.holdNext({ method: 'chat.postMessage' }, 0, 1); // the header goes through
    slack.dropNext({ method: 'chat.postMessage' }, 1, 'close'); // the first reply lands, its answer is lost
    expect((await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN')).text).toMatch(/5 papers/);
    const replies = digestMessages().filter((m) => m.thread_ts);
    expect(replies).toHaveLength(5);
    expect(new Set(replies.map(paperOf)).size).toBe(5);
    expect(slack.callsTo('conversations.replies').length).toBeGreaterThan(0);
  });
});

describe('Slack: a compact day', () => {
  it('posts one list with :one:–:five: and counts a numbered reaction as a vote for that paper', async () => {
    await command(slack, bot.url, 'subscribe layout:compact', 'UADMIN');
    await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN');
    const posted = digestMessages();
    expect(posted).toHaveLength(1);
    const list = posted[0]!;
    expect(list.reactions).toEqual(['one', 'two', 'three', 'four', 'five']);
    const ids = [...JSON.stringify(list.blocks).matchAll(/huggingface\.co\/papers\/([^|>]+)/g)].map((m) => m[1]);
    expect(ids).toHaveLength(5);
    await react('U0002', 'three', list.ts);
    await react('U0003', 'three', list.ts);
    await react('U0002', 'one', list.ts);
    await react('U0004', '+1', list.ts); // not a vote for any paper
    await until(async () => [...(await votes()).values()].reduce((a, b) => a + b, 0) === 3, 'three votes');
    expect(await votes()).toEqual(
      new Map([
        [ids[2], 2],
        [ids[0], 1],
      ]),
    );
  });
});
