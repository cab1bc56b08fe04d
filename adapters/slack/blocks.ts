import { randomBytes } from 'node:crypto';
import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;
import type { PaperCard, Reply } from '../../src/model.js';
import { truncate } from '../../src/text/truncate.js';
import { renderParts } from '../../src/text/verbatim.js';

/** Slack's message limits: https://docs.slack.dev/reference/block-kit/blocks */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  text: 40_000,
  buttonText: 75,
  actionId: 255,
  contextElements: 10,
} as const;

/**
 * Paper cards per command reply. A card is up to 3 blocks and a divider, so 50 blocks would take 12;
 * five, as on Discord, keep a reply short to scroll and a search page the same size on both platforms.
 */
export const CARDS_PER_REPLY = 5;

/**
 * Escapes text for mrkdwn. Slack only turns `<!channel>`, `<!here>`, `<!everyone>`, `<@U…>` and
 * `<!subteam^…>` into mentions when they contain a literal `<`, so escaping `&`, `<` and `>`
 * (https://docs.slack.dev/messaging/formatting-message-text#escaping) makes paper text unable to ping.
 */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Outside text (titles, abstracts, names, what a user typed) made inert for mrkdwn: escaped, and a
 * bare URL broken by a word joiner (U+2060, invisible) after the colon of its `://`, since Slack
 * links bare URLs by itself in a message's `text` (block text is sent with `verbatim: true`, which
 * stops that there too). mrkdwn has no escape for `*`, `_` or `~`: emphasis in a title may still
 * show, but it cannot link or mention.
 */
export const inertMrkdwn = (text: string): string => escapeMrkdwn(text).replace(/:(?=\/\/)/g, ':\u2060');

/**
 * The bot's own channel links are written with this per-process marker and restored after
 * escaping; text from outside cannot forge one without knowing the nonce.
 */
const MARK = `\u{E000}${randomBytes(6).toString('hex')}#`;
const MARKED = new RegExp(`${MARK}([A-Z0-9]+)\u{E001}`, 'gu');
/** A URL in the bot's own words, without the punctuation that ends a sentence after it. */
const BARE_URL = /https?:\/\/[^\s<>|]*[^\s<>|.,;:!?)'"]/g;

/** A channel link (`<#C…>`) for reply text; rendered by `slackText`. */
export const channelLink = (channelId: string): string =>
  /^[A-Z0-9]+$/.test(channelId) ? `${MARK}${channelId}\u{E001}` : `#${channelId}`;

/**
 * A reply's or header's text as mrkdwn. The bot's words are escaped too (they may quote a platform's
 * error), keeping its own channel links and writing its URLs as explicit links (`<url>`), since
 * block text goes out with `verbatim: true`; outside pieces (`src/text/verbatim.ts`) are made inert.
 */
export const slackText = (text: string): string =>
  renderParts(text, (own) => escapeMrkdwn(own).replace(BARE_URL, '<$&>').replace(MARKED, '<#$1>'), inertMrkdwn);

/** mrkdwn block text; `verbatim` keeps Slack from linking bare URLs and channel names in it by itself. */
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text, verbatim: true });

/** A link whose label cannot break out of the `<url|label>` syntax. */
const link = (url: string, label: string) =>
  `<${url.replace(/[<>|]/g, encodeURIComponent)}|${inertMrkdwn(label).replace(/\|/g, '¦')}>`;

export function cardBlocks(card: PaperCard): KnownBlock[] {
  const head = `*${link(card.url, card.title)}*${card.why ? `\n${inertMrkdwn(card.why)}` : ''}\n_${inertMrkdwn(card.authors)}_`;
  const body = `*${card.bodyLabel}:* ${inertMrkdwn(card.body)}`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(truncate(`${head}\n${body}`, SLACK_LIMITS.sectionText)),
      ...(card.thumbnail
        ? {
            accessory: {
              type: 'image',
              image_url: card.thumbnail,
              alt_text: truncate(card.title.replace(/[<>]/g, ''), 2000),
            },
          }
        : {}),
    },
  ];
  if (card.meta.length)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(truncate(inertMrkdwn(card.meta.join(' · ')), SLACK_LIMITS.sectionText))],
    });
  if (card.links.length) {
    blocks.push({
      type: 'actions',
      elements: card.links.slice(0, 5).map((l, i) => ({
        type: 'button',
        text: { type: 'plain_text', text: truncate(l.label, SLACK_LIMITS.buttonText) },
        url: l.url,
        action_id: `link:${card.paperId}:${i}`,
      })),
    });
  }
  return blocks;
}

/** Plain-text fallback for notifications and screen readers. */
export function fallbackText(text: string, cards: readonly PaperCard[]): string {
  const lines = cards.map((c) => `• ${inertMrkdwn(c.title)} — ${c.url}`);
  return truncate([slackText(text), ...lines].filter(Boolean).join('\n'), 3000);
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A command reply: text, cards and pagination buttons, within 50 blocks. */
export function replyBlocks(r: Reply): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (r.text)
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate(slackText(r.text), SLACK_LIMITS.sectionText)),
    });
  for (const card of r.cards) {
    const next = cardBlocks(card);
    if (blocks.length + next.length + 2 > SLACK_LIMITS.blocks) break;
    if (blocks.length) blocks.push({ type: 'divider' });
    blocks.push(...next);
  }
  if (r.buttons.length) {
    blocks.push({
      type: 'actions',
      elements: r.buttons.slice(0, 5).map((b) => ({
        type: 'button',
        text: { type: 'plain_text', text: truncate(b.label, SLACK_LIMITS.buttonText) },
        action_id: `papers:${b.action}`.slice(0, SLACK_LIMITS.actionId),
        value: b.action,
      })),
    });
  }
  return { text: fallbackText(r.text, r.cards), blocks };
}

export const headerBlocks = (text: string): SlackMessage => ({
  text: truncate(slackText(text), SLACK_LIMITS.text),
  blocks: [{ type: 'section', text: mrkdwn(truncate(slackText(text), SLACK_LIMITS.sectionText)) }],
});

export const paperBlocks = (card: PaperCard): SlackMessage => ({
  text: fallbackText('', [card]),
  blocks: cardBlocks(card),
});

/** Slack's names of the numbered reactions 1️⃣–🔟, in order. */
export const SLACK_NUMBER_NAMES: readonly string[] = [
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'keycap_ten',
];

/** A compact day: the header, then one numbered line per paper (votes are the numbered reactions). */
export function listBlocks(text: string, cards: readonly PaperCard[]): SlackMessage {
  const lines = cards.map((c, i) =>
    truncate(
      `:${SLACK_NUMBER_NAMES[i] ?? 'hash'}: *${link(c.url, c.title)}*${c.meta[0] ? ` · ${inertMrkdwn(c.meta[0])}` : ''}\n_${inertMrkdwn(c.authors)}_`,
      SLACK_LIMITS.sectionText,
    ),
  );
  return {
    text: fallbackText(text, cards),
    blocks: [...headerBlocks(text).blocks, ...lines.map((t): KnownBlock => ({ type: 'section', text: mrkdwn(t) }))],
  };
}
