import { randomBytes } from 'node:crypto';
import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;
import { cardFacts } from '../../src/club/messages.js';
import type { ActionButton, PaperCard, Reply } from '../../src/model.js';
import { truncate } from '../../src/text/truncate.js';
import { linkUrl } from '../../src/papers/card.js';
import { renderText, type TextRenderer } from '../../src/text/rich.js';

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

/** A link whose label (already mrkdwn) cannot break out of the `<url|label>` syntax. */
const mrkdwnLink = (url: string, label: string) =>
  `<${linkUrl(url)}|${label.replace(/<(https?:[^<>|]*)>/g, '$1').replace(/\|/g, '¦')}>`;

/**
 * Neutral text (`src/text/rich.ts`) as mrkdwn: `*bold*`, `_italics_`, `` `code` ``, `<url|label>`.
 * The bot's words are escaped too (they may quote a platform's error), keeping its own channel
 * links and writing its URLs as explicit links (`<url>`), since block text goes out with
 * `verbatim: true`; outside pieces are made inert. mrkdwn has no escape for a backtick, so one in
 * code becomes a look-alike (ˋ).
 */
const SLACK_TEXT: TextRenderer = {
  own: (t) => escapeMrkdwn(t).replace(BARE_URL, '<$&>').replace(MARKED, '<#$1>'),
  outside: inertMrkdwn,
  strong: (t) => `*${t}*`,
  emphasis: (t) => `_${t}_`,
  code: (t) => `\`${escapeMrkdwn(t).replace(/`/g, 'ˋ')}\``,
  link: mrkdwnLink,
};

/** A reply's or header's neutral text as mrkdwn. */
export const slackText = (text: string): string => renderText(text, SLACK_TEXT);

/** mrkdwn block text; `verbatim` keeps Slack from linking bare URLs and channel names in it by itself. */
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text, verbatim: true });

/** A link labelled with outside text (a paper's title). */
const link = (url: string, label: string) => mrkdwnLink(url, inertMrkdwn(label));

/** A button that calls back into a command (its value is the action). */
const actionElement = (b: ActionButton) => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text: truncate(b.label, SLACK_LIMITS.buttonText) },
  action_id: `papers:${b.action}`.slice(0, SLACK_LIMITS.actionId),
  value: b.action,
});

/**
 * A card: its ranked title linking to the paper, the why line, the authors on a card shown alone,
 * the summary (an abstract says so); the signals in a context line; its links and actions as buttons.
 */
export function cardBlocks(card: PaperCard): KnownBlock[] {
  const rank = card.rank !== undefined ? `${card.rank}. ` : '';
  const body = inertMrkdwn(card.body);
  const lines = [
    `*${rank}${link(card.url, card.title)}*`,
    ...(card.why ? [`_${inertMrkdwn(card.why)}_`] : []),
    ...(card.authors ? [inertMrkdwn(card.authors)] : []),
    card.bodyLabel === 'Abstract' ? `*Abstract:* ${body}` : body,
  ];
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(truncate(lines.join('\n'), SLACK_LIMITS.sectionText)),
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
  const facts = cardFacts(card);
  if (facts.length)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(truncate(inertMrkdwn(facts.join(' · ')), SLACK_LIMITS.sectionText))],
    });
  const actions = (card.actions ?? []).slice(0, 5);
  const links = card.links.slice(0, 5);
  if (links.length || actions.length) {
    blocks.push({
      type: 'actions',
      elements: [
        ...links.map((l, i) => ({
          type: 'button' as const,
          text: { type: 'plain_text' as const, text: truncate(l.label, SLACK_LIMITS.buttonText) },
          url: l.url,
          action_id: `link:${card.paperId}:${i}`,
        })),
        ...actions.map(actionElement),
      ],
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
      elements: r.buttons.slice(0, 5).map(actionElement),
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
      `:${SLACK_NUMBER_NAMES[i] ?? 'hash'}: *${link(c.url, c.title)}*${c.signals[0] ? ` · ${inertMrkdwn(c.signals[0])}` : ''}${c.authors ? `\n_${inertMrkdwn(c.authors)}_` : ''}`,
      SLACK_LIMITS.sectionText,
    ),
  );
  return {
    text: fallbackText(text, cards),
    blocks: [...headerBlocks(text).blocks, ...lines.map((t): KnownBlock => ({ type: 'section', text: mrkdwn(t) }))],
  };
}
