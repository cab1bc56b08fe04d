/**
 * Text from outside the bot, shown as written. Reply and header texts mix the bot's own words
 * (with its Markdown: code spans, bold) with text it did not write: paper titles from Hugging Face
 * or arXiv, a search query, a filter, a value a user typed. The core marks each outside piece
 * with `verbatim`; each adapter renders the marked pieces inert for its platform (Discord escapes
 * Markdown, Slack escapes mrkdwn), so no upstream string can become a link, a mention or
 * formatting the bot did not make.
 *
 * The marks are Unicode noncharacters (U+FDD0, U+FDD1), which the standard reserves for a
 * program's internal use. Marks inside marked text are removed, so outside text can only ever
 * widen what is escaped, never end a marked piece early.
 */

const OPEN = '\uFDD0';
const CLOSE = '\uFDD1';
const MARKS = /[\uFDD0\uFDD1]/g;

/** `text` marked to be shown as written, never as formatting, links or mentions. */
export const verbatim = (text: string): string => `${OPEN}${text.replace(MARKS, '')}${CLOSE}`;

/** What a user typed, cut to `max` characters, in quotes and marked: `"…"`. */
export const quoted = (text: string, max = 80): string => `"${verbatim(text.slice(0, max))}"`;

/** A piece of a text: the bot's own words, or (`verbatim`) outside text to show as written. */
export interface TextPart {
  text: string;
  verbatim: boolean;
}

/**
 * Splits a text into the bot's words and its marked pieces. A piece whose end mark is missing (the
 * text was cut) runs to the end; a stray end mark is dropped.
 */
export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let rest = text;
  while (rest.length > 0) {
    const open = rest.indexOf(OPEN);
    const own = (open < 0 ? rest : rest.slice(0, open)).replace(MARKS, '');
    if (own) parts.push({ text: own, verbatim: false });
    if (open < 0) break;
    const close = rest.indexOf(CLOSE, open + 1);
    const inner = rest.slice(open + 1, close < 0 ? undefined : close).replace(MARKS, '');
    if (inner) parts.push({ text: inner, verbatim: true });
    rest = close < 0 ? '' : rest.slice(close + 1);
  }
  return parts;
}

/** Renders a text for a platform: `own` for the bot's words, `outside` for marked pieces. */
export const renderParts = (text: string, own: (t: string) => string, outside: (t: string) => string): string =>
  textParts(text)
    .map((p) => (p.verbatim ? outside(p.text) : own(p.text)))
    .join('');

/** The text without its marks, for places that show no formatting (thread names, forum titles, logs). */
export const plainText = (text: string): string => text.replace(MARKS, '');
