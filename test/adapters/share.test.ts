import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS, type DiscordFake } from '../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import { blockActionsBody, FORM_CONTENT_TYPE, postSigned, type SlackFake } from '../fakes/slack/fake.js';
import { answerOf, ask, discordBotPerTest } from '../support/discord-bot.js';
import { allText, command, SECRET, type SlackBot, slackBotPerTest } from '../support/slack-bot.js';

const PAPER = '2606.11409';
const channel = DEFAULTS.channelId;
/** A member whose name would ping everyone if it were posted as written. */
const SHARER = '400000000000000031';
const SHARER_NAME = '@everyone Ada';

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

describe('Discord: sharing a lookup in the channel', () => {
  let discord: DiscordFake;
  discordBotPerTest(
    () => hf,
    (d) => (discord = d),
    {
      fake: {
        guilds: [
          {
            id: DEFAULTS.guildId,
            channels: [{ id: channel, name: 'general' }],
            members: [{ id: SHARER, username: 'ada', nick: SHARER_NAME }],
          },
        ],
      },
    },
  );
  const inChannel = () => discord.messagesIn(channel);
  const press = (customId: string) => {
    const sent = discord.sendButton({ customId, message: { id: '1', channel_id: channel }, userId: SHARER });
    return answerOf(discord, sent.id, sent.token);
  };

  it('posts the card once for everyone, shared by name and pinging nobody, however often it is pressed', async () => {
    const looked = await ask(discord, 'paper', { id: PAPER }, { userId: SHARER });
    expect(looked.ephemeral).toBe(true);
    const share = looked.components.flatMap((r) => r.components).find((c) => c.label === 'Share in channel');
    expect(share?.custom_id).toBeDefined();
    expect(inChannel()).toHaveLength(0);

    const shared = await press(share!.custom_id!);
    expect(shared.ephemeral).toBe(false);
    expect(shared.content).toBe('Shared by \\@everyone Ada');
    expect(shared.embeds[0]!.title).toMatch(/^Risk Under Pressure/);
    expect(inChannel()).toHaveLength(1);
    const posted = discord.requests.filter(
      (r) =>
        r.route === 'interaction-callback' &&
        (r.body as { data?: { content?: string } }).data?.content?.startsWith('Shared by'),
    );
    expect(posted.map((r) => (r.body as { data: { allowed_mentions?: unknown } }).data.allowed_mentions)).toEqual([
      { parse: [] },
    ]);

    const again = await press(share!.custom_id!); // a double click: the second press
    expect(again.ephemeral).toBe(true);
    expect(again.content).toMatch(/shared this paper in the channel already/);
    expect(inChannel()).toHaveLength(1);
    expect(discord.violations).toEqual([]);
  });

  it('numbers the share buttons of a search page and shares the card pressed, leaving the page as it was', async () => {
    const found = await ask(discord, 'search', { query: 'kazakh' });
    const labels = found.components.flatMap((r) => r.components).map((c) => c.label);
    expect(labels).toEqual(['Share 1', 'Share 2', 'Share 3', 'Share 4', 'Share 5', 'Next ▶']);
    const second = found.components[0]!.components[1]!;
    const shared = await press(second.custom_id!);
    expect(shared.ephemeral).toBe(false);
    expect(shared.embeds[0]!.title).toBe(found.embeds[1]!.title!.replace(/^2\. /, ''));
    expect(inChannel()).toHaveLength(1);
    // The page was not replaced: the press was answered with a message of its own.
    expect(discord.requests.some((r) => (r.body as { type?: number } | undefined)?.type === 7)).toBe(false);
  });

  it("puts a share button on each card of today's answer", async () => {
    const today = await ask(discord, 'today', { date: '2026-06-12' });
    expect(today.embeds.map((e) => e.title!.slice(0, 3))).toEqual(['1. ', '2. ', '3. ', '4. ', '5. ']);
    expect(today.components[0]!.components.map((c) => c.label)).toEqual([
      'Share 1',
      'Share 2',
      'Share 3',
      'Share 4',
      'Share 5',
    ]);
  });
});

describe('Slack: sharing a lookup in the channel', () => {
  let slack: SlackFake;
  let bot: SlackBot;
  slackBotPerTest(
    () => hf,
    (s, b) => ((slack = s), (bot = b)),
    {
      fake: {
        users: [
          { id: 'UADMIN', is_admin: true },
          { id: 'U0ADA', name: 'Ada <!channel>' },
        ],
        channels: [{ id: 'C0002', name: 'random', is_member: false }],
      },
    },
  );
  type Button = { action_id?: string; value?: string; text?: { text: string } };
  const buttons = (r: Awaited<ReturnType<typeof command>>) =>
    (r.response.blocks ?? []).flatMap((b) => (b.elements ?? []) as Button[]);
  let presses = 0;
  /** Presses a button as U0ADA; each press is its own request, as each click of a double click is. */
  const press = async (b: Button, channelId = 'C0001') => {
    const id = `share${++presses}`;
    const body = blockActionsBody({
      actionId: b.action_id!,
      value: b.value,
      userId: 'U0ADA',
      channelId,
      responseUrl: slack.responseUrl(id),
    });
    expect((await postSigned(bot.url, body, FORM_CONTENT_TYPE, SECRET)).status).toBe(200);
    return id;
  };
  const shares = () =>
    slack.callsTo('chat.postMessage').filter((c) => String(c.body.text ?? '').startsWith('Shared by'));

  it('posts the card once in the channel, shared by name without a mention, even for a double click', async () => {
    const looked = await command(slack, bot.url, `paper ${PAPER}`, 'U0ADA');
    expect(looked.response.response_type ?? looked.ack?.response_type).toBe('ephemeral');
    const share = buttons(looked).find((b) => b.text?.text === 'Share in channel')!;
    expect(share).toBeDefined();

    const [first, second] = await Promise.all([press(share), press(share)]);
    await slack.waitFor(() => shares().length > 0, 5000, 'the shared card');
    const told = await slack.waitForResponse((r) => r.id === first || r.id === second, 5000);
    expect(allText(told.body as object)).toMatch(/shared this paper in the channel already/);
    expect((told.body as { replace_original?: boolean }).replace_original).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(shares()).toHaveLength(1);
    const post = shares()[0]!;
    expect(post.body.channel).toBe('C0001');
    expect(String(post.body.link_names)).toBe('false'); // sent as a form field
    expect(allText(post.body as object)).toMatch(/^Shared by Ada &lt;!channel&gt;/);
    expect(allText(post.body as object)).toMatch(/Risk Under Pressure/);
    expect(JSON.stringify(post.body)).not.toMatch(/<!channel>|<@U/);
  });

  it('shares the card pressed on a search page, each card with its own button', async () => {
    const found = await command(slack, bot.url, 'search kazakh');
    const share = buttons(found).filter((b) => b.text?.text === 'Share in channel');
    expect(share).toHaveLength(5);
    await press(share[2]!);
    await slack.waitFor(() => shares().length > 0, 5000, 'the shared card');
    const third = found.response.blocks!.filter((b) => b.type === 'section')[3]!.text!.text;
    const title = /\|([^>]+)>/.exec(third)![1]!;
    expect(allText(shares()[0]!.body as object)).toContain(title);
    expect(slack.responses.filter((r) => (r.body as { replace_original?: boolean }).replace_original)).toEqual([]);
  });

  it('says how to invite the bot when it may not post in the channel', async () => {
    const looked = await command(slack, bot.url, `paper ${PAPER}`, 'U0001', {
      channelId: 'C0002',
      channelName: 'random',
    });
    const share = buttons(looked).find((b) => b.text?.text === 'Share in channel')!;
    const id = await press(share, 'C0002');
    const told = await slack.waitForResponse((r) => r.id === id, 5000);
    expect(allText(told.body as object)).toMatch(
      /I'm not in this channel yet: run `\/invite @paperfeed` here, then run the command again\./,
    );
    expect(shares().filter((c) => (c.response as { ok?: boolean }).ok)).toEqual([]);
  });
});
