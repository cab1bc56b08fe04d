import { describe, expect, it } from 'vitest';
import { definitions } from '../../../commands/index.js';
import { parseCommandText, tokenize } from '../../../adapters/slack/parse.js';
import { channelLink, escapeMrkdwn, slackText } from '../../../adapters/slack/blocks.js';
import { plainText } from '../../../src/text/verbatim.js';

describe('Slack command text', () => {
  it.each([
    ['search diffusion transformers', { name: 'search', raw: { query: 'diffusion transformers' } }],
    ['  SEARCH   "diffusion  models" ', { name: 'search', raw: { query: 'diffusion  models' } }],
    [
      'subscribe time:09:00 tz:Europe/Berlin count:5 keywords:"video, agents"',
      { name: 'subscribe', raw: { time: '09:00', timezone: 'Europe/Berlin', count: '5', keywords: 'video, agents' } },
    ],
    [
      'subscribe keywords:“curly, quotes” empty:silent',
      { name: 'subscribe', raw: { keywords: 'curly, quotes', empty_days: 'silent' } },
    ],
    ['paper https://arxiv.org/abs/2406.14833', { name: 'paper', raw: { id: 'https://arxiv.org/abs/2406.14833' } }],
    ['top month', { name: 'top', raw: { period: 'month' } }],
    ['top period:all', { name: 'top', raw: { period: 'all' } }],
    ['', { name: 'help', raw: {} }],
  ])('reads %j', (text, expected) => {
    expect(parseCommandText(text, definitions())).toEqual({ ok: true, ...expected });
  });

  it.each([
    ['launch', /There is no `\/papers launch`/],
    ['feeds now', /does not take "now"/],
    ['top week period:day', /Give period once/],
    ['subscribe time:', /^`time:` has no value\.\n`time:…` — Local time to post/],
    ['subscribe time:"" count:5', /`time:` has no value/],
    ['subscribe count:3 count:5', /Give count once, not both "3" and "5"/],
    ['subscribe tz:UTC timezone:Europe/Berlin', /Give timezone once, not both "UTC" and "Europe\/Berlin"/],
  ])('refuses %j in at most three lines', (text, message) => {
    const r = parseCommandText(text, definitions());
    expect(r.ok).toBe(false);
    const error = plainText(r.ok ? '' : r.error);
    expect(error).toMatch(message);
    expect(error.split('\n').length).toBeLessThanOrEqual(3);
  });

  it.each([
    ['subscribe time 09:00', 'Did you mean `time:09:00`?'],
    ['subscribe tmie:09:00', 'Did you mean `time:09:00`?'],
    ['subscribe keywords agents', 'Did you mean `keywords:agents`?'],
    ['top limt:5', 'Did you mean `limit:5`?'],
    ['subscrib', 'Did you mean `/papers subscribe`?'],
  ])('suggests what %j meant', (text, meant) => {
    const r = parseCommandText(text, definitions());
    expect(r.ok ? '' : plainText(r.error)).toContain(meant);
  });

  it.each([
    ['search time series', { query: 'time series' }],
    ['search author:bengio', { query: 'author:bengio' }],
    ['paper https://arxiv.org/abs/2406.14833', { id: 'https://arxiv.org/abs/2406.14833' }],
    ['top all 10', { period: 'all 10' }],
  ])('reads %j as free text, not as a mistyped option', (text, raw) => {
    expect(parseCommandText(text, definitions())).toMatchObject({ ok: true, raw });
  });

  it('keeps quoted text together', () => {
    expect(tokenize('a "b c" d:"e f"')).toEqual(['a', 'b c', 'd:e f']);
  });

  it.each([
    ['<!channel> hi', '&lt;!channel&gt; hi'],
    ['<@U123> & <!subteam^S1>', '&lt;@U123&gt; &amp; &lt;!subteam^S1&gt;'],
  ])('escapes %j so it cannot mention anyone', (text, escaped) => {
    expect(escapeMrkdwn(text)).toBe(escaped);
  });

  it("escapes reply text but keeps the bot's own channel links", () => {
    expect(slackText(`Paused in ${channelLink('C0002')}; you asked for <#C0003> & <!here>`)).toBe(
      'Paused in <#C0002>; you asked for &lt;#C0003&gt; &amp; &lt;!here&gt;',
    );
  });
});
