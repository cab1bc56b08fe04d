import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import {
  BOT_USER_ID,
  FORM_CONTENT_TYPE,
  JSON_CONTENT_TYPE,
  blockActionsBody,
  eventCallbackBody,
  postSigned,
  viewSubmissionBody,
} from '../fakes/slack/fake.js';
import { ask } from '../support/discord-bot.js';
import { SECRET, command } from '../support/slack-bot.js';
import {
  ANA,
  BO,
  CHANNEL,
  DISCORD_TEAM,
  botWrites,
  contentOf,
  discordClub,
  discordPings,
  eventually,
  SLACK_ANA,
  SLACK_BO,
  SLACK_TEAM,
  slackClub,
  slackTextOf,
  threadPosts,
} from '../support/club-rig.js';

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

describe('reading club on Discord', () => {
  it('answers 📖 in a thread started on the paper, names each reader once, and the card shows who is reading', async () => {
    const { discord, bot, card, paperId, stop } = await discordClub(hf);
    try {
      const readers = () => bot.core.stores.claims.readers(DISCORD_TEAM, paperId);
      discord.sendReactionAdd({ messageId: card.id, emoji: '📖', userId: ANA });
      await eventually(() => botWrites(discord, card.id).length === 1, 'the answer in the thread');
      const started = discord.requests.filter(
        (r) => r.method === 'POST' && r.path === `/channels/${CHANNEL}/messages/${card.id}/threads`,
      );
      expect(started.map((r) => r.status)).toEqual([201]);
      expect(contentOf(botWrites(discord, card.id)[0]!)).toMatch(/^📖 Ana is reading this paper\./);
      // Bo claims too, and Ana's 📖 arrives again (a reconnect's replay): one more answer, in the same thread.
      discord.sendReactionAdd({ messageId: card.id, emoji: '📖', userId: BO });
      discord.sendReactionAdd({ messageId: card.id, emoji: '📖', userId: ANA });
      await eventually(async () => (await readers()).size === 2 && botWrites(discord, card.id).length === 2);
      await new Promise((r) => setTimeout(r, 100));
      expect(botWrites(discord, card.id).map(contentOf)).toEqual([
        expect.stringMatching(/^📖 Ana is reading/),
        expect.stringMatching(/^📖 Bo is reading/),
      ]);
      const button = (botWrites(discord, card.id)[0]!.body as { components: { components: { label: string }[] }[] })
        .components[0]!.components[0]!;
      expect(button.label).toBe('Add takeaway');
      // The live card names the readers.
      await bot.core.liveCards.settled();
      bot.clock.advance(10_000);
      bot.core.liveCards.flush();
      await bot.core.liveCards.settled();
      const edit = botWrites(discord, CHANNEL, 'PATCH').find((r) => r.path.endsWith(card.id))!;
      expect(JSON.stringify(edit.body)).toContain('📖 Ana, Bo reading');
      expect(discordPings(discord)).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('withdraws a claim when the 📖 is taken back: reading lists only who still reads, and the card follows', async () => {
    const { discord, bot, card, paperId, stop } = await discordClub(hf);
    try {
      discord.sendReactionAdd({ messageId: card.id, emoji: '📖', userId: ANA });
      discord.sendReactionAdd({ messageId: card.id, emoji: '📖', userId: BO });
      const readers = () => bot.core.stores.claims.readers(DISCORD_TEAM, paperId);
      await eventually(async () => (await readers()).size === 2);
      discord.sendReactionRemove({ messageId: card.id, emoji: '📖', userId: ANA });
      await eventually(async () => (await readers()).size === 1);
      expect([...(await readers()).keys()]).toEqual([`discord:${BO}`]);
      const all = await ask(discord, 'reading', {});
      expect(all.ephemeral).toBe(true);
      expect(all.content).toMatch(
        /^Open claims in this team \(1\), oldest first:\n1\. Bo · .+ \(\d{4}\.\d{5}\) · since 2026-06-12 · takeaway: no$/,
      );
      expect((await ask(discord, 'reading', { who: 'me' }, { userId: ANA })).content).toMatch(
        /You are not reading anything/,
      );
      await eventually(() => botWrites(discord, card.id).length === 2);
      await bot.core.liveCards.settled();
      bot.clock.advance(10_000);
      bot.core.liveCards.flush();
      await bot.core.liveCards.settled();
      const edits = botWrites(discord, CHANNEL, 'PATCH').filter((r) => r.path.endsWith(card.id));
      expect(JSON.stringify(edits.at(-1)!.body)).toContain('📖 Bo reading');
    } finally {
      await stop();
    }
  });

  it('posts a takeaway from the command in the paper thread, and an edit replaces it in place', async () => {
    const { discord, bot, card, paperId, stop } = await discordClub(hf);
    try {
      discord.sendReactionAdd({ messageId: card.id, emoji: '📖', userId: ANA });
      await eventually(() => botWrites(discord, card.id).length === 1);
      const first = await ask(
        discord,
        'takeaway',
        { paper: paperId, text: 'the speedup comes from caching @everyone' },
        { userId: BO },
      );
      expect(first.ephemeral).toBe(true);
      expect(first.content).toMatch(
        /^💡 Saved your takeaway on .+; it is in the paper's thread: https:\/\/discord\.com\/channels\//,
      );
      const posted = botWrites(discord, card.id);
      expect(posted).toHaveLength(2);
      expect(contentOf(posted[1]!)).toBe("💡 Bo's takeaway: the speedup comes from caching \\@everyone");
      const again = await ask(discord, 'takeaway', { paper: paperId, text: 'it is the cache, really' }, { userId: BO });
      expect(again.content).toMatch(/^💡 Replaced your takeaway/);
      expect(botWrites(discord, card.id)).toHaveLength(2);
      const edit = botWrites(discord, card.id, 'PATCH').at(-1)!;
      expect(contentOf(edit)).toBe("💡 Bo's takeaway: it is the cache, really");
      expect((await bot.core.stores.takeaways.of(DISCORD_TEAM, paperId)).map((t) => [t.name, t.text])).toEqual([
        ['Bo', 'it is the cache, really'],
      ]);
      const reading = await ask(discord, 'reading', {});
      expect(reading.content).toMatch(/Ana · .+ · takeaway: no$/m);
    } finally {
      await stop();
    }
  });

  it('the thread button opens a form (a modal) whose text lands in the thread', async () => {
    const { discord, bot, card, paperId, stop } = await discordClub(hf);
    try {
      discord.sendReactionAdd({ messageId: card.id, emoji: '📖', userId: ANA });
      await eventually(() => botWrites(discord, card.id).length === 1);
      const answer = botWrites(discord, card.id)[0]!;
      const answerId = (answer.responseBody as { id: string }).id;
      const customId = (answer.body as { components: { components: { custom_id: string }[] }[] }).components[0]!
        .components[0]!.custom_id;
      const press = discord.sendButton({ customId, channelId: card.id, message: answerId, userId: ANA });
      const modal = await discord.waitForCallback(press.id, 5000);
      expect(modal.type).toBe(9);
      const form = modal.data as {
        custom_id: string;
        title: string;
        components: { components: { max_length: number }[] }[];
      };
      expect(form.title).toBe('Add takeaway');
      expect(form.components[0]!.components[0]!.max_length).toBe(500);
      const submit = discord.sendModalSubmit({
        customId: form.custom_id,
        values: { text: 'Section 4 is the heart of it' },
        channelId: card.id,
        userId: ANA,
      });
      await discord.waitForCallback(submit.id, 5000);
      await eventually(() => botWrites(discord, card.id).length === 2, 'the takeaway in the thread');
      expect(contentOf(botWrites(discord, card.id)[1]!)).toBe("💡 Ana's takeaway: Section 4 is the heart of it");
      const reply = await discord.waitFor((r) => r.method === 'PATCH' && r.path.includes(submit.token), 5000);
      expect(String((reply.body as { content: string }).content)).toMatch(/^💡 Saved your takeaway/);
      expect((await bot.core.stores.takeaways.of(DISCORD_TEAM, paperId))[0]?.text).toBe('Section 4 is the heart of it');
      expect(discord.violations).toEqual([]);
      expect(discordPings(discord)).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('refuses a takeaway over 500 characters, or for no paper, and keeps nothing', async () => {
    const { discord, bot, paperId, stop } = await discordClub(hf);
    try {
      const long = await ask(discord, 'takeaway', { paper: paperId, text: 'x'.repeat(501) }, { userId: BO });
      expect(long.content).toMatch(/text is too long: 501 characters, at most 500/);
      const bad = await ask(discord, 'takeaway', { paper: 'not-a-paper', text: 'hm' }, { userId: BO });
      expect(bad.content).toMatch(/is not an arXiv id or paper link/);
      expect(await bot.core.stores.takeaways.of(DISCORD_TEAM, paperId)).toEqual([]);
    } finally {
      await stop();
    }
  });
});

describe('reading club on Slack', () => {
  it('answers 📖 (:book:) in the message thread naming the reader, once however often Slack redelivers it', async () => {
    const { slack, bot, card, paperId, react, stop } = await slackClub(hf);
    try {
      const readers = () => bot.core.stores.claims.readers(SLACK_TEAM, paperId);
      const first = await react(SLACK_ANA, true);
      await eventually(() => threadPosts(slack, card.ts).length === 1, 'the answer in the thread');
      await react(SLACK_ANA, true, { eventTs: first, retry: true });
      await react(SLACK_BO, true);
      await eventually(async () => (await readers()).size === 2 && threadPosts(slack, card.ts).length === 2);
      await new Promise((r) => setTimeout(r, 100));
      const answers = threadPosts(slack, card.ts).map(slackTextOf);
      expect(answers).toHaveLength(2);
      expect(answers[0]).toMatch(/^📖 Ana is reading this paper\./);
      expect(answers[1]).toMatch(/^📖 Bo is reading this paper\./);
      expect(answers.join('\n')).not.toMatch(/<[@!]/);
      // Withdrawn: Ana's removal, then her add arriving late (older event_ts), change the claims to Bo alone.
      await react(SLACK_ANA, false, { eventTs: '1781258400.000900' });
      await react(SLACK_ANA, true, { eventTs: '1781258400.000800' });
      await eventually(async () => (await readers()).size === 1);
      expect([...(await readers()).keys()]).toEqual([`slack:${SLACK_BO}`]);
      await bot.core.liveCards.settled();
      bot.clock.advance(10_000);
      bot.core.liveCards.flush();
      await bot.core.liveCards.settled();
      const update = await slack.waitForCall('chat.update', (c) => c.body.ts === card.ts, 3000);
      expect(JSON.stringify(update.body.blocks)).toContain('📖 Bo reading');
    } finally {
      await stop();
    }
  });

  it('posts takeaways from the command and from the form (views.open) in the thread, never with a mention', async () => {
    const { slack, bot, card, paperId, react, stop } = await slackClub(hf);
    try {
      await react(SLACK_ANA, true);
      await eventually(() => threadPosts(slack, card.ts).length === 1);
      const typed = await command(
        slack,
        bot.url,
        `takeaway ${paperId} the speedup comes from <!channel> caching`,
        SLACK_BO,
      );
      expect(typed.text).toMatch(
        /Saved your takeaway on .+; it is in the paper's thread: <https:\/\/slack\.com\/archives\/C0001\/p/,
      );
      expect(threadPosts(slack, card.ts)).toHaveLength(2);
      expect(slackTextOf(threadPosts(slack, card.ts)[1]!)).toMatch(
        /^💡 Bo's takeaway: the speedup comes from &lt;!channel&gt; caching/,
      );
      // The form: the thread answer's button opens a modal, its submission lands in the thread.
      const answer = threadPosts(slack, card.ts)[0]!;
      const button = (answer.body.blocks as { elements?: { action_id: string; value: string }[] }[])[1]!.elements![0]!;
      await postSigned(
        bot.url,
        blockActionsBody({
          actionId: button.action_id,
          value: button.value,
          userId: SLACK_ANA,
          channelId: 'C0001',
          messageTs: (answer.response as { ts: string }).ts,
          responseUrl: slack.responseUrl('form'),
        }),
        FORM_CONTENT_TYPE,
        SECRET,
      );
      const open = await slack.waitForCall('views.open', () => true, 3000);
      expect((open.response as { ok: boolean }).ok).toBe(true);
      const view = slack.workspace.views.opened[0]!.view as { callback_id: string; private_metadata: string };
      const submitted = await postSigned(
        bot.url,
        viewSubmissionBody({
          callbackId: view.callback_id,
          privateMetadata: view.private_metadata,
          values: { takeaway: { text: 'Section 4 is the heart of it' } },
          userId: SLACK_ANA,
        }),
        FORM_CONTENT_TYPE,
        SECRET,
      );
      expect(submitted.status).toBe(200);
      await eventually(() => threadPosts(slack, card.ts).length === 3, 'the form takeaway in the thread');
      expect(slackTextOf(threadPosts(slack, card.ts)[2]!)).toMatch(/^💡 Ana's takeaway: Section 4 is the heart of it/);
      const told = await slack.waitForCall('chat.postEphemeral', (c) => c.body.user === SLACK_ANA, 3000);
      expect(String(told.body.text)).toMatch(/Saved your takeaway/);
      expect((await bot.core.stores.takeaways.of(SLACK_TEAM, paperId)).map((t) => t.name)).toEqual(['Bo', 'Ana']);
      const everything = slack.callsTo('chat.postMessage').map(slackTextOf).join('\n');
      expect(everything).not.toMatch(/<[@!]/);
      expect(slack.violations).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('answers 📖 on a thread-layout paper in the day thread, not under the reply', async () => {
    const { slack, bot, stop } = await slackClub(hf);
    try {
      await command(slack, bot.url, 'subscribe layout:thread', 'UADMIN', { channelId: 'C0002' });
      await command(slack, bot.url, 'digest 2026-06-12', 'UADMIN', { channelId: 'C0002' });
      const header = slack.messages('C0002').find((m) => m.thread_ts === undefined && m.metadata)!;
      const reply = slack.messages('C0002').find((m) => m.thread_ts === header.ts)!;
      const body = eventCallbackBody(
        {
          type: 'reaction_added',
          user: SLACK_ANA,
          reaction: 'book',
          item_user: BOT_USER_ID,
          item: { type: 'message', channel: 'C0002', ts: reply.ts },
          event_ts: '1781258401.000100',
        },
        { eventId: 'EvThread' },
      );
      await postSigned(bot.url, body, JSON_CONTENT_TYPE, SECRET);
      await eventually(() =>
        threadPosts(slack, header.ts).some((c) => c.body.channel === 'C0002' && /Ana is reading/.test(slackTextOf(c))),
      );
    } finally {
      await stop();
    }
  });
});
