import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import type { SlackFake } from '../../fakes/slack/fake.js';
import { command, type SlackBot, slackBotPerTest } from '../../support/slack-bot.js';

/*
 * A mistake in `/papers` text answers in at most three short lines: what is wrong (with what was
 * probably meant), the usage of that one option, and where the full usage is. Slack has no
 * autocomplete, so the suggestion is the way forward.
 */
let slack: SlackFake;
let hf: HfFake;
let bot: SlackBot;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());
slackBotPerTest(
  () => hf,
  (s, b) => ((slack = s), (bot = b)),
);

/** The answer's own text (the ack's `text`; blocks repeat it), and that nothing was stored. */
async function mistake(text: string) {
  const r = await command(slack, bot.url, text, 'UADMIN');
  expect(r.response.response_type).toBe('ephemeral');
  expect(await bot.core.stores.subscriptions.list()).toEqual([]);
  const answer = r.response.text ?? '';
  expect(answer.split('\n').length, answer).toBeLessThanOrEqual(3);
  return answer;
}

describe('Slack: a mistake in /papers text', () => {
  it('answers subscribe count:0 in three lines, not the whole option list', async () => {
    expect(await mistake('subscribe count:0')).toBe(
      [
        'count must be from 1 to 50; 0 is out of range.',
        '`count:N` — Papers per post, 1–10 (default 5); arXiv feeds in compact or thread layout up to 50',
        'Full usage: `/papers help subscribe`',
      ].join('\n'),
    );
  });

  it.each([
    ['subscribe time 09:00', 'Options are written key:value. Did you mean `time:09:00`?', '`time:…` — Local time'],
    ['subscribe tmie:09:00', '`/papers subscribe` has no option `tmie:`. Did you mean `time:09:00`?', '`time:…`'],
    ['subscribe TZ berlin', 'Options are written key:value. Did you mean `timezone:berlin`?', '`timezone:…`'],
    [
      'subscribe timezone:berlin',
      '"berlin" is not a time zone I know. Did you mean `timezone:Europe/Berlin`?',
      '`timezone:…` — IANA time zone',
    ],
    [
      'subscribe tz:new_yrok',
      '"new_yrok" is not a time zone I know. Did you mean `timezone:America/New_York`?',
      '`timezone:…`',
    ],
    [
      'subscribe layout:thred',
      'layout must be one of messages, thread, compact, forum; "thred" is not. Did you mean `layout:thread`?',
      '`layout:messages|thread|compact|forum`',
    ],
    ['subscribe recap:"fridy 16:00"', '"fridy" is not a day of the week', '`recap:…`'],
    [
      'top wekly',
      'period must be one of day, week, month, year, all (or me, voters, and a number of rows); "wekly" is not. Did you mean `week`?',
      '`/papers top [period]`',
    ],
  ])('answers %j with what was probably meant', async (text, first, usage) => {
    const [line1, line2, line3] = (await mistake(text)).split('\n');
    expect(line1).toContain(first);
    expect(line2).toContain(usage);
    expect(line3).toMatch(/^Full usage: `\/papers help (subscribe|top)`$/);
  });

  it('suggests the command meant by a typo', async () => {
    expect(await mistake('subscibe time:09:00')).toBe(
      'There is no `/papers subscibe`. Did you mean `/papers subscribe`? `/papers help` lists the commands.',
    );
  });

  it('says what a command without options does not take, in two lines', async () => {
    expect(await mistake('feeds now')).toBe('`/papers feeds` does not take "now".\nFull usage: `/papers help feeds`');
  });

  it('shows the full usage of one command with /papers help <command>', async () => {
    const r = await command(slack, bot.url, 'help subscribe');
    expect(r.response.text).toMatch(/^`\/papers subscribe \[name:…\] \[time:…\] \[timezone:…\] /);
    for (const option of ['name', 'time', 'timezone', 'count', 'keywords', 'min_upvotes', 'day', 'layout', 'recap'])
      expect(r.response.text).toMatch(new RegExp(`^• \`${option}:`, 'm'));
    expect(r.response.text).toContain('tz:'); // the aliases a key:value option also takes
  });

  it('suggests the command for /papers help with a typo', async () => {
    const r = await command(slack, bot.url, 'help subscrbe');
    expect(r.response.text).toMatch(/There is no `\/papers subscrbe`\. Did you mean `subscribe`\?/);
  });
});
