import { describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import type { MessageRef } from '../../src/model.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import { plainText } from '../../src/text/verbatim.js';
import { commandContext } from '../support/command-context.js';
import { makePaper } from '../support/papers.js';

const TEAM = 'discord:g';
const NOW = Date.parse('2026-06-12T12:00:00Z');
const DAY = 86_400_000;
const paper = (id: string, title: string) => makePaper({ id, title });

/** A team with three papers and claims made on three days; a command context for `as`. */
async function team(as = 'u', over: Partial<CommandContext> = {}) {
  const ctx = commandContext(createMemoryBackend(), { userId: `discord:${as}`, ...over });
  const { stores } = ctx;
  await stores.papers.remember([
    paper('2606.00001', 'Alpha'),
    paper('2606.00002', 'Beta'),
    paper('2606.00003', 'Gamma'),
  ]);
  const claim = async (paperId: string, reader: string, name: string, at: number, order: number) => {
    const ref: MessageRef = { platform: 'discord', channelId: 'c', messageId: `m-${paperId}` };
    await stores.claims.react({
      team: TEAM,
      paperId,
      identity: reader,
      reaction: `discord:c:${ref.messageId}:📖`,
      present: true,
      order,
      at,
    });
    await stores.claims.nameReader(TEAM, reader, name);
  };
  await claim('2606.00002', 'discord:ana', 'Ana', NOW - 3 * DAY, 1);
  await claim('2606.00001', 'discord:u', 'You', NOW - 5 * DAY, 2);
  await claim('2606.00003', 'discord:ana', 'Ana', NOW - 1 * DAY, 3);
  await stores.takeaways.put(TEAM, '2606.00002', { author: 'discord:ana', name: 'Ana', text: 'neat', at: NOW });
  return ctx;
}

describe('/papers reading', () => {
  it("lists the team's open claims oldest first: who, what, since when, takeaway yes or no", async () => {
    const ctx = await team();
    expect(plainText((await runCommand('reading', {}, ctx)).text)).toBe(
      [
        'Open claims in this team (3), oldest first:',
        '1. You · Alpha (2606.00001) · since 2026-06-07 · takeaway: no',
        '2. Ana · Beta (2606.00002) · since 2026-06-09 · takeaway: yes',
        '3. Ana · Gamma (2606.00003) · since 2026-06-11 · takeaway: no',
      ].join('\n'),
    );
  });

  it('`reading me` lists only your own', async () => {
    const ctx = await team();
    expect(plainText((await runCommand('reading', { who: 'me' }, ctx)).text)).toBe(
      'Your open claims (1), oldest first:\n1. Alpha (2606.00001) · since 2026-06-07 · takeaway: no',
    );
    expect((await runCommand('reading', { who: 'everyone' }, ctx)).text).toMatch(/who must be one of all, me/);
  });
});

describe('/papers takeaway', () => {
  it('keeps a takeaway on a paper never posted in the team, and says where it will show', async () => {
    const ctx = await team();
    const answer = await runCommand(
      'takeaway',
      { paper: 'https://arxiv.org/abs/2606.00003v2', text: '  a good read  ' },
      ctx,
    );
    expect(plainText(answer.text)).toMatch(
      /^💡 Saved your takeaway on Gamma\. The paper was not posted in this team, so there is no thread/,
    );
    expect(await ctx.stores.takeaways.get(TEAM, '2606.00003', 'discord:u')).toMatchObject({
      text: 'a good read',
      name: 'someone',
    });
  });

  it('needs a paper and some text', async () => {
    const ctx = await team();
    expect((await runCommand('takeaway', { paper: '2606.00003' }, ctx)).text).toMatch(/needs a text/);
    expect((await runCommand('takeaway', { text: 'hm' }, ctx)).text).toMatch(/needs a paper/);
  });
});

describe('/papers club', () => {
  it('sets sessions for admins only, in the feed zone, and reads them back as the next agenda', async () => {
    const member = await team('u', { isAdmin: false });
    expect((await runCommand('club', { schedule: 'thursday 15:00' }, member)).text).toMatch(
      /^Only members with admin rights can set/,
    );
    expect(await member.stores.clubSessions.list()).toEqual([]);
    const admin = commandContext(createMemoryBackend());
    expect((await runCommand('club', {}, admin)).text).toMatch(/no reading club sessions yet/);
    expect((await runCommand('club', { schedule: 'someday 15:00' }, admin)).text).toMatch(
      /"someday" is not a day of the week/,
    );
    expect((await runCommand('club', { schedule: 'thu 15:00', timezone: 'Mars/Olympus' }, admin)).text).toMatch(
      /not a time zone I know/,
    );
    await runCommand('subscribe', { timezone: 'America/New_York' }, admin);
    const set = await runCommand('club', { schedule: 'thu 15:00' }, admin);
    expect(set.private).toBe(false);
    expect(set.text).toMatch(
      /Thursdays at 15:00 \(America\/New_York\); the agenda is posted here an hour before each, from Thu 18 Jun, 14:00 (EDT|GMT-4)/,
    );
    const agenda = await runCommand('club', {}, admin);
    expect(agenda.private).toBe(true);
    expect(agenda.text).toMatch(
      /^📚 Reading club · Thu 18 Jun, 15:00 (EDT|GMT-4)\nNobody has claimed a paper since the last session\./,
    );
    expect((await runCommand('club', { schedule: 'off' }, admin)).text).toMatch(
      /Club sessions in this channel are off/,
    );
    expect(await admin.stores.clubSessions.list()).toEqual([]);
  });
});

describe('subscribe reminder:', () => {
  it('takes days or off, and refuses anything else without changing the feed', async () => {
    const ctx = commandContext(createMemoryBackend());
    expect((await runCommand('subscribe', { reminder: 'soon' }, ctx)).text).toMatch(
      /reminder must be a number of days from 1 to 90, or off/,
    );
    expect(await ctx.stores.subscriptions.list()).toEqual([]);
    expect((await runCommand('subscribe', { reminder: '3' }, ctx)).text).toMatch(
      /gets one reminder after 3 days without a takeaway/,
    );
    await runCommand('subscribe', { reminder: 'off' }, ctx);
    expect((await ctx.stores.subscriptions.get(ctx.channel))?.reminder).toBe('off');
  });
});
