/**
 * What the reading club says in a paper's thread and to a reader, in neutral text (names, titles
 * and takeaways marked verbatim, so no platform turns them into mentions or links).
 */
import type { PaperCard } from '../model.js';
import { truncate } from '../text/truncate.js';
import { plainText, verbatim } from '../text/verbatim.js';
import type { ClubMessage } from './club-poster.js';

/** Readers a card names at most before "and N more". */
const NAMED_ON_CARD = 5;

/** A card's reading line: "📖 Ana, Bo reading"; undefined when nobody is. Names are plain text. */
export function readingLine(names: readonly string[] | undefined): string | undefined {
  if (!names || names.length === 0) return undefined;
  const shown = names.slice(0, NAMED_ON_CARD).join(', ');
  const more = names.length > NAMED_ON_CARD ? ` and ${names.length - NAMED_ON_CARD} more` : '';
  return `📖 ${shown}${more} reading`;
}

/** A card's short facts with its reading line last: what a card's footer (Discord) or context line (Slack) shows. */
export const cardFacts = (card: Pick<PaperCard, 'signals' | 'readers'>): string[] => {
  const reading = readingLine(card.readers);
  return reading ? [...card.signals, reading] : card.signals;
};

/** The thread a paper's discussion runs in, named after the paper (Discord: at most 100 characters). */
export const threadNameOf = (title: string): string => truncate(plainText(title), 100);

/** The answer to a 📖: who is reading, and how to share what they learn. */
export function claimAnswer(name: string, paperId: string): ClubMessage {
  return {
    text: `📖 ${verbatim(name)} is reading this paper. Share what you learn with **Add takeaway** or \`/papers takeaway ${paperId} …\`.`,
    takeawayFor: paperId,
  };
}

/** A takeaway as it shows in the paper's thread; an edit shows the new words in the same message. */
export function takeawayMessage(name: string, text: string, paperId: string): ClubMessage {
  return { text: `💡 ${verbatim(name)}'s takeaway: ${verbatim(text)}`, takeawayFor: paperId };
}

/** The one reminder a claim gets: `mention` is set where it goes into the thread rather than a DM. */
export function reminderMessage(
  r: { title: string; paperId: string; days: number; identity: string },
  inThread: boolean,
): ClubMessage {
  const ago = `${r.days} day${r.days === 1 ? '' : 's'} ago`;
  const command = `\`/papers takeaway ${r.paperId} …\``;
  if (!inThread)
    // A direct message has no thread to open a form from (Discord answers no commands in DMs): the command works in the channel.
    return {
      text: `📖 A gentle reminder: you said you would read “${verbatim(truncate(r.title, 150))}” ${ago}. When you have, share what you learned with ${command} in the channel. No reply needed if you are still on it.`,
    };
  return {
    text: `📖 A gentle reminder: you said you would read this paper ${ago}. When you have, share what you learned with **Add takeaway** or ${command}. No reply needed if you are still on it.`,
    takeawayFor: r.paperId,
    mention: r.identity,
  };
}
