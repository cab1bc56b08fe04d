import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHfFake, type HfFake } from '../fakes/hf-fake.js';
import {
  ANA,
  BO,
  CHANNEL,
  CY,
  DISCORD_TEAM,
  botWrites,
  contentOf,
  discordClub,
  discordPings,
  eventually,
  SLACK_ANA,
  slackClub,
} from '../support/club-rig.js';
import { ask, startBotScheduler } from '../support/discord-bot.js';
import { command } from '../support/slack-bot.js';

/** Thursday 18 June 2026, 15:00 in Berlin (CEST, UTC+2). */
const SESSION = Date.parse('2026-06-18T13:00:00Z');
const MIN = 60_000;

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

describe('reading club sessions on Discord', () => {
  it('posts the agenda once an hour before the session, then edits it to the takeaways as they come in; the recap and the CSV quote them', async () => {
    const club = await discordClub(
      hf,
      undefined,
      {},
      { timezone: 'Europe/Berlin', empty_days: 'silent', recap: 'friday 16:00' },
    );
    const { discord, bot, card, paperId } = club;
    const scheduler = startBotScheduler(bot, { cron: false, tickOnStart: false });
    try {
      const member = await ask(discord, 'club', { schedule: 'thursday 15:00' }, { userId: ANA });
      expect(member.content).toMatch(/^Only members with .+ can set the club's sessions/);
      const set = await ask(discord, 'club', { schedule: 'thursday 15:00' }, { admin: true });
      expect(set.ephemeral).toBe(false);
      expect(set.content).toMatch(
        /^📚 Reading club: sessions on Thursdays at 15:00 \(Europe\/Berlin\); the agenda is posted here an hour before each, from Thu 18 Jun, 14:00 CEST\./,
      );
      // Ana claims the first paper (which also has votes); the second paper has more votes and no reader: a candidate.
      const second = discord
        .messagesIn(CHANNEL)
        .find((m) => m.id !== card.id && m.embeds && (m.embeds as unknown[]).length && m.id > card.id)!;
      discord.sendReactionAdd({ messageId: card.id, emoji: '📖', userId: ANA });
      discord.sendReactionAdd({ messageId: card.id, emoji: '👍', userId: BO });
      for (const user of [BO, CY]) discord.sendReactionAdd({ messageId: second.id, emoji: '👍', userId: user });
      const team = DISCORD_TEAM;
      await eventually(
        async () =>
          (await bot.core.stores.votes.count(team, paperId)) === 1 &&
          (await bot.core.stores.claims.readers(team, paperId)).size === 1,
      );
      await eventually(async () => (await bot.core.stores.votes.leaderboard(team, 0)).length === 2);
      const preview = await ask(discord, 'club', {});
      expect(preview.ephemeral).toBe(true);
      expect(preview.content).toMatch(
        /^📚 Reading club · Thu 18 Jun, 15:00 CEST\nClaimed since the last session:\n1\. .+ — 📖 Ana · https:\/\/huggingface\.co\/papers\/\d{4}\.\d{5}\nCandidates \(most voted, not claimed yet\):\n1\. .+ — 2 votes · https:/,
      );
      const agendas = () => botWrites(discord, CHANNEL).filter((r) => contentOf(r).startsWith('📚 Reading club ·'));
      for (const t of [SESSION - 61 * MIN, SESSION - 60 * MIN, SESSION - 30 * MIN]) {
        bot.clock.set(t);
        await Promise.all([bot.core.club.runner.tick(), bot.core.club.runner.tick()]);
      }
      expect(agendas()).toHaveLength(1);
      expect(contentOf(agendas()[0]!)).toBe(preview.content);
      const agendaId = (agendas()[0]!.responseBody as { id: string }).id;
      const edits = () =>
        botWrites(discord, CHANNEL, 'PATCH')
          .filter((r) => r.path.endsWith(agendaId))
          .map(contentOf);
      bot.clock.set(SESSION + MIN);
      await bot.core.club.runner.tick();
      expect(edits()).toEqual([
        expect.stringMatching(
          /^📚 Reading club · Thu 18 Jun, 15:00 CEST\n✅ Session held — takeaways:\n1\. .+\n {3}\(no takeaway yet\)$/,
        ),
      ]);
      await ask(
        discord,
        'takeaway',
        { paper: paperId, text: 'the speedup comes from reusing the cache' },
        { userId: ANA },
      );
      for (const t of [SESSION + 2 * MIN, SESSION + 3 * MIN]) {
        bot.clock.set(t);
        await bot.core.club.runner.tick();
      }
      expect(edits()).toHaveLength(2);
      expect(edits()[1]).toMatch(/\n {3}💡 Ana: the speedup comes from reusing the cache$/);
      // Friday's recap quotes the week's takeaway under its paper.
      bot.clock.set(Date.parse('2026-06-19T14:00:00Z'));
      await scheduler.tick();
      const recap = botWrites(discord, CHANNEL)
        .map(contentOf)
        .find((t) => t.startsWith('🏆'))!;
      expect(recap).toMatch(/\n {3}💡 Ana: the speedup comes from reusing the cache(\n|$)/);
      // The export carries who read each paper and what they took away.
      const exported = discord.sendChatInput({
        name: 'papers',
        subcommand: 'top',
        options: { period: 'all', format: 'csv' },
      });
      await discord.waitForCallback(exported.id, 5000);
      const file = (await discord.waitFor((r) => r.files.length > 0 && r.path.includes(exported.token), 5000))
        .files[0]!;
      const [header, ...rows] = file.text!.trim().split('\r\n');
      expect(header).toBe('rank,paper_id,title,team_votes,hf_upvotes,first_posted,url,readers,takeaways');
      expect(rows.find((r) => r.includes(paperId))).toMatch(/,Ana,Ana: the speedup comes from reusing the cache$/);
      expect(discordPings(discord)).toEqual([]);
    } finally {
      await scheduler.stop();
      await club.stop();
    }
  });
});

describe('reading club sessions on Slack', () => {
  it('posts the agenda once at its hour and shows it early only to the one who asks', async () => {
    const club = await slackClub(hf, undefined, {});
    const { slack, bot, react } = club;
    try {
      expect((await command(slack, bot.url, 'club', SLACK_ANA)).text).toMatch(/no reading club sessions yet/);
      const set = await command(slack, bot.url, 'club schedule:"thu 15:00" tz:Europe/Berlin', 'UADMIN');
      expect(set.via).toBe('chat.postMessage'); // announced in the channel, which proves the bot may post there
      expect(set.text).toMatch(/sessions on Thursdays at 15:00 \(Europe\/Berlin\)/);
      await react(SLACK_ANA, true);
      const preview = await command(slack, bot.url, 'club', SLACK_ANA);
      expect(preview.response.response_type).toBe('ephemeral');
      expect(preview.text).toMatch(/Claimed since the last session:\n1\. .+ — 📖 Ana · /);
      const agendas = () =>
        slack.callsTo('chat.postMessage').filter((c) => String(c.body.text).startsWith('📚 Reading club ·'));
      for (const t of [SESSION - 60 * MIN, SESSION - 59 * MIN]) {
        bot.clock.set(t);
        await bot.core.club.runner.tick();
      }
      await eventually(() => agendas().length === 1);
      expect(agendas()[0]!.body.metadata).toBeDefined(); // keyed, so a resumed attempt finds it instead of posting twice
      bot.clock.set(SESSION + MIN);
      await bot.core.club.runner.tick();
      const held = await slack.waitForCall(
        'chat.update',
        (c) => String(c.body.text).includes('✅ Session held — takeaways:'),
        3000,
      );
      expect(held.body.ts).toBe((agendas()[0]!.response as { ts: string }).ts);
      expect(
        slack
          .callsTo('chat.postMessage')
          .map((c) => String(c.body.text))
          .join('\n'),
      ).not.toMatch(/<[@!]/);
    } finally {
      await club.stop();
    }
  });
});
