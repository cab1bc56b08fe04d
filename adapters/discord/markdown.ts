import { escapeMarkdown } from 'discord.js';
import { linkUrl } from '../../src/papers/card.js';
import { renderText, type TextRenderer } from '../../src/text/rich.js';

/**
 * Outside text (paper titles, abstracts, names, what a user typed) made inert for the places where
 * Discord renders all of its Markdown: message content, embed descriptions and field values.
 *
 * discord.js's `escapeMarkdown`, even with every option on, escapes only the `[` of a masked link
 * (its URL then still links by itself), and leaves `<…>` (autolinks, user, role and channel
 * mentions, timestamps), `@everyone`, block quotes and `-#` subtext alone. So every character
 * that can open one of these is escaped with a backslash, which Discord drops when it shows the
 * text (it escapes any ASCII punctuation): the reader sees the text exactly as written. A bare URL
 * is broken by escaping the colon of its `://`, so it shows as text and does not link. Parentheses
 * are escaped too: inside the label of the bot's own masked link (a compact list's titles), no `](`
 * is left that could end the label early and make the rest a link.
 */
export function inertMarkdown(text: string): string {
  return (
    text
      .replace(/[\\*_~|`[\]()<>@#]/g, '\\$&')
      .replace(/:(?=\/\/)/g, '\\:')
      // Lists and subtext (`- `, `-# `, `+ `) and numbered lists (`1. `) open only at a line's start.
      .replace(/^(\s*)([-+])/gm, '$1\\$2')
      .replace(/^(\s*\d+)\./gm, '$1\\.')
  );
}

/**
 * Outside text for an embed title or field name, which render only emphasis, strikethrough,
 * spoilers and code (no links, mentions, headings or quotes): those are escaped, nothing else, so
 * a title shows no stray backslash.
 */
export const inertTitle = (text: string): string => escapeMarkdown(text);

/**
 * Neutral text (`src/text/rich.ts`) in Discord's Markdown. The bot's words go as written, outside
 * pieces inert. A link is masked, its URL (`linkUrl`: nothing in it can end the link) in `<…>`: it shows its label and no preview embed (a
 * recap of five links would otherwise unfurl five cards).
 */
const DISCORD_TEXT: TextRenderer = {
  own: (t) => t,
  outside: inertMarkdown,
  strong: (t) => `**${t}**`,
  emphasis: (t) => `*${t}*`,
  code: (t) => (t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``),
  link: (url, label) => `[${label}](<${linkUrl(url)}>)`,
};

/** A reply's or header's text for message content: the bot's formatting in Markdown, outside pieces inert. */
export const discordText = (text: string): string => renderText(text, DISCORD_TEXT);
