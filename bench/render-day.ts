/**
 * A 5-paper day as the `messages` layout posts it (the header, then one message per paper), shown
 * the way each platform lays the messages out, with its size: characters a reader sees and the lines
 * they take. The day is the real Daily Papers list of 2026-06-12 in test/fixtures (30 papers; its
 * top 5 are posted).
 *
 *   node --import tsx bench/render-day.ts           # the figures
 *   node --import tsx bench/render-day.ts --show    # and each message as it shows
 *
 * The figures count what is shown, not what is sent: Markdown and mrkdwn marks, escapes and URLs
 * behind labels are left out; a row of buttons is one line (`[arXiv] [PDF]`). "Lines" are the
 * lines as laid out, each paragraph one line; "at 72 columns" wraps long paragraphs as a chat
 * window about 72 characters wide does. The script reads only the payloads the renderers build, so
 * it runs unchanged on older checkouts to give their figures.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { APIEmbed } from 'discord.js';
import { headerMessage, paperMessage, type DiscordMessage } from '../adapters/discord/render.js';
import { headerBlocks, paperBlocks, type SlackMessage } from '../adapters/slack/blocks.js';
import { DEFAULT_DIGEST_SETTINGS, type Digest, type Paper } from '../src/model.js';
import { toCard } from '../src/papers/card.js';
import { chooseDigest } from '../src/papers/digest.js';
import { hfListItem } from '../src/upstream/hf/schema.js';
import { hfToPaper } from '../src/upstream/hf/to-paper.js';

const DAY = '2026-06-12';

type HeaderText = (d: Digest, voteEmoji: string, layout: 'messages') => string;
// Older checkouts have the header in delivery.ts.
const { headerText } = (await import('../src/delivery/header.js').catch(
  () => import('../src/delivery/delivery.js'),
)) as unknown as { headerText: HeaderText };
const WIDTH = 72;

function fixtureDay(): Paper[] {
  const raw = JSON.parse(
    readFileSync(new URL('../test/fixtures/hf-daily-papers-sample.json', import.meta.url), 'utf8'),
  ) as unknown[];
  return raw.flatMap((r) => {
    const item = hfListItem.parse(r);
    const paper = hfToPaper(item.paper, item);
    return paper ? [paper] : [];
  });
}

/** Discord Markdown as shown: escapes dropped, masked links as their label, emphasis and code marks gone. */
const discordShown = (text: string): string =>
  text
    .replace(/\[((?:\\.|[^\]])*)\]\(<?[^)>]*>?\)/g, '$1')
    .replace(/\*\*|__|~~|\|\||`/g, '')
    .replace(/(^|[\s(])\*(\S[^*]*)\*/g, '$1$2')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** mrkdwn as shown: links as their label, emphasis marks gone, entities decoded. */
const slackShown = (text: string): string =>
  text
    .replace(/<([^<>|]+)\|([^<>]*)>/g, '$2')
    .replace(/<([^<>]+)>/g, '$1')
    .replace(/(^|[\s(])[*_](\S[^*_\n]*)[*_](?=$|[\s).,:;])/gm, '$1$2')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const buttons = (labels: readonly string[]): string[] => (labels.length ? [labels.map((l) => `[${l}]`).join(' ')] : []);

/** A Discord message's lines as shown: content, then each embed top to bottom, then its button rows. */
export function discordLines(m: DiscordMessage): string[] {
  const embed = (e: APIEmbed): string[] => [
    ...(e.author ? [e.author.name] : []),
    ...(e.title ? [discordShown(e.title)] : []),
    ...(e.description ? discordShown(e.description).split('\n') : []),
    ...(e.fields ?? []).flatMap((f) => [discordShown(f.name), ...discordShown(f.value).split('\n')]),
    ...(e.footer ? [e.footer.text] : []),
  ];
  return [
    ...(m.content ? discordShown(m.content).split('\n') : []),
    ...m.embeds.flatMap(embed),
    ...m.components.flatMap((row) => buttons(row.components.map((c) => ('label' in c ? String(c.label) : '')))),
  ];
}

type Block = { type: string; text?: { text: string }; elements?: { text?: string | { text: string } }[] };

/** A Slack message's lines as shown: each block top to bottom (a context block on one line, a button row as one). */
export function slackLines(m: SlackMessage): string[] {
  return (m.blocks as Block[]).flatMap((b) => {
    const texts = (b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? '')));
    if (b.type === 'section') return slackShown(b.text?.text ?? '').split('\n');
    if (b.type === 'context') return [texts.map(slackShown).join('  ')];
    if (b.type === 'actions') return buttons(texts);
    return [];
  });
}

const chars = (lines: readonly string[]) => lines.reduce((n, l) => n + [...l].length, 0);
const wrapped = (lines: readonly string[]) =>
  lines.reduce((n, l) => n + Math.max(1, Math.ceil([...l].length / WIDTH)), 0);

/** The day's messages on both platforms, each as its shown lines. */
export function renderDay(): { discord: string[][]; slack: string[][]; header: string } {
  const digest = chooseDigest(DAY, fixtureDay(), DEFAULT_DIGEST_SETTINGS);
  const cards = digest.papers.map((p, i) => toCard(p, { rank: i + 1 } as Parameters<typeof toCard>[1]));
  const discordHeader = headerText(digest, '👍', 'messages');
  const slackHeader = headerText(digest, ':+1:', 'messages');
  return {
    header: `${digest.papers.length} of ${digest.totalThatDay} papers of ${DAY}`,
    discord: [headerMessage(discordHeader), ...cards.map(paperMessage)].map(discordLines),
    slack: [headerBlocks(slackHeader), ...cards.map(paperBlocks)].map(slackLines),
  };
}

/** One line of figures per platform. */
export function benchRenderDay(): string[] {
  const day = renderDay();
  const figure = (name: string, messages: string[][]) => {
    const lines = messages.flat();
    return `${name}: ${messages.length} messages, ${chars(lines)} characters, ${lines.length} lines (${wrapped(lines)} at ${WIDTH} columns)`;
  };
  return [
    `render-day: ${day.header} in the messages layout`,
    figure('render-day Discord', day.discord),
    figure('render-day Slack', day.slack),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of benchRenderDay()) console.log(line);
  if (process.argv.includes('--show')) {
    const day = renderDay();
    for (const [name, messages] of [
      ['Discord', day.discord],
      ['Slack', day.slack],
    ] as const) {
      console.log(`\n── ${name} ──`);
      for (const m of messages) console.log(`${m.map((l) => `│ ${l}`).join('\n')}\n`);
    }
  }
}
