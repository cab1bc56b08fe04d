import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import type { SlackFake } from '../../fakes/slack/fake.js';
import { command, type SlackBot, slackBotPerTest } from '../../support/slack-bot.js';
import { literalMarkdown } from '../../support/slack-markdown.js';

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
); // its clock stands on Friday 2026-06-12, the day the fixture's papers were featured

describe('Slack: the bot writes mrkdwn, not Markdown', () => {
  it('preview, feeds and the public subscribe confirmation bold with single asterisks', async () => {
    const subscribed = await command(slack, bot.url, 'subscribe', 'UADMIN');
    expect(subscribed.via).toBe('chat.postMessage');
    const preview = await command(slack, bot.url, 'preview', 'UADMIN');
    const feeds = await command(slack, bot.url, 'feeds');

    const problems = [
      ...literalMarkdown('subscribe', subscribed.response),
      ...literalMarkdown('preview', preview.response),
      ...literalMarkdown('feeds', feeds.response),
    ];
    expect(problems).toEqual([]);
    expect(subscribed.text).toContain('*Friday, 12 June 2026*');
    expect(preview.text).toContain('*Friday, 12 June 2026*');
    expect(feeds.text).toContain('• *main*');
  });
});
