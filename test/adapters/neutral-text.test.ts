import { describe, expect, it } from 'vitest';
import { discordText } from '../../adapters/discord/markdown.js';
import { slackText } from '../../adapters/slack/blocks.js';
import { bullets, code, emphasis, link, strong } from '../../src/text/rich.js';
import { verbatim } from '../../src/text/verbatim.js';

/** One neutral text with every kind of piece, as a command writes it. */
const TEXT = [
  `${strong('Friday, 4 December 2026')} (top 2 of 8 matching):`,
  bullets([`${strong(verbatim('main'))} (active)`, emphasis('from the local index')]),
  `Run ${code('/papers resume a&b')} · ${link('https://huggingface.co/papers/2606.11409', verbatim('Risk <Under> *Pressure*'))}`,
].join('\n');

describe('neutral text on each platform', () => {
  it("renders in Discord's Markdown, outside text escaped, links without a preview", () => {
    expect(discordText(TEXT)).toBe(
      [
        '**Friday, 4 December 2026** (top 2 of 8 matching):',
        '• **main** (active)',
        '• *from the local index*',
        'Run `/papers resume a&b` · [Risk \\<Under\\> \\*Pressure\\*](<https://huggingface.co/papers/2606.11409>)',
      ].join('\n'),
    );
  });

  it("renders in Slack's mrkdwn: single asterisks, <url|label> links, & < > escaped", () => {
    expect(slackText(TEXT)).toBe(
      [
        '*Friday, 4 December 2026* (top 2 of 8 matching):',
        '• *main* (active)',
        '• _from the local index_',
        'Run `/papers resume a&amp;b` · <https://huggingface.co/papers/2606.11409|Risk &lt;Under&gt; *Pressure*>',
      ].join('\n'),
    );
  });

  it('keeps a link from being broken open by its URL or label', () => {
    const hostile = link('https://example.org/a>b|c (d)', verbatim('x|y>z'));
    expect(slackText(hostile)).toBe('<https://example.org/a%3Eb%7Cc%20%28d%29|x¦y&gt;z>');
    expect(discordText(hostile)).toBe('[x\\|y\\>z](<https://example.org/a%3Eb%7Cc%20%28d%29>)');
  });
});
