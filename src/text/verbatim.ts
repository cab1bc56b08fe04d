/**
 * Text from outside the bot, shown as written. Reply and header texts mix the bot's own words
 * with text it did not write: paper titles from Hugging Face or arXiv, a search query, a filter, a
 * value a user typed. The core marks each outside piece with `verbatim` (a mark of neutral text,
 * `rich.ts`); each adapter renders the marked pieces inert for its platform (Discord escapes
 * Markdown, Slack escapes mrkdwn), so no upstream string can become a link, a mention or
 * formatting the bot did not make. Marks inside marked text are removed, so outside text can only
 * ever widen what is escaped, never end a marked piece early.
 */
import { MARK, unmarked } from './rich.js';

export { plainText } from './rich.js';

/** `text` marked to be shown as written, never as formatting, links or mentions. */
export const verbatim = (text: string): string => `${MARK.outsideOpen}${unmarked(text)}${MARK.outsideClose}`;

/** What a user typed, cut to `max` characters, in quotes and marked: `"…"`. */
export const quoted = (text: string, max = 80): string => `"${verbatim(text.slice(0, max))}"`;
