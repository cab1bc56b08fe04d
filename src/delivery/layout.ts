/**
 * How a feed's daily post looks in its channel, and what each layout posts per ledger slot.
 *
 * - `messages` (default): a header, then one message per paper.
 * - `thread`: the header in the channel, each paper as a reply in its thread (one channel message a day).
 * - `compact`: one message listing the papers; votes are numbered reactions 1️⃣–🔟 (more than 10
 *   papers, an arXiv feed's: one list message per 10).
 * - `forum`: one forum post per paper, tagged with the day and the filter words it matched
 *   (Discord forum channels; chosen by itself there, and `messages` where the platform has no forums).
 *
 * Every layout keeps the ledger's slots: `header` and one per paper id (compact: `header`, carrying
 * the first 10 papers, and `header#list2`… for each further 10; forum: papers only). Each slot has its own key, so exactly-once holds per slot.
 */
import { filterOf, matchedItems } from '../filter/filter.js';
import type { DigestSettings, MessageRef, Paper } from '../model.js';
import { repostedHeader } from '../store/ledger.js';
import type { Layout } from '../subscriptions/subscription.js';
import { plainText } from '../text/verbatim.js';

/** The numbered reactions of a compact post, in paper order (keycap digits, then 🔟). */
export const NUMBER_EMOJI: readonly string[] = ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '6️⃣', '7️⃣', '8️⃣', '9️⃣', '🔟'];

/**
 * A forum post's tags, most telling first: the day, then the filter's words, phrases, authors or
 * categories the paper matched (as written). The platform keeps what fits its limits, in this order
 * (Discord: adapters/discord/forum.ts).
 */
export function forumTags(paper: Paper, settings: DigestSettings, day: string): string[] {
  const matched = matchedItems(paper, filterOf(settings.keywords)).map((t) => t.trim());
  return [...new Set([day, ...matched].filter((t) => t.length > 0))];
}

/** Papers one compact list message carries: one numbered reaction each. */
export const COMPACT_PAGE = NUMBER_EMOJI.length;

/** The slot of a compact day's `n`-th list message (n ≥ 2; the first is the header). Paper ids never contain `#`. */
export const compactPageSlot = (n: number): string => `header#list${n}`;

/** The papers a compact day's list slot carries (none for other slots). */
export function compactPage(slot: string, paperIds: readonly string[]): string[] {
  const n = slot === 'header' ? 1 : Number(/^header#list(\d+)$/.exec(slot)?.[1] ?? 0);
  return n >= 1 ? paperIds.slice((n - 1) * COMPACT_PAGE, n * COMPACT_PAGE) : [];
}

/** The text above a compact list: the day's header, or for a further list its first line and which papers. */
export function compactPageText(slot: string, header: string, papers: number): string {
  if (slot === 'header') return header;
  const n = Number(/^header#list(\d+)$/.exec(slot)?.[1] ?? 1);
  const to = Math.min(n * COMPACT_PAGE, papers);
  return `${header.split('\n')[0]} (${(n - 1) * COMPACT_PAGE + 1}–${to} of ${papers})`;
}

/** The slots a delivery posts, in order. */
export function slotsOf(intent: { layout?: Layout; header: string; paperIds: readonly string[] }): string[] {
  const header = intent.header ? ['header'] : [];
  switch (intent.layout ?? 'messages') {
    case 'compact': {
      const pages = Math.ceil(intent.paperIds.length / COMPACT_PAGE);
      return header.length
        ? [...header, ...Array.from({ length: Math.max(0, pages - 1) }, (_, i) => compactPageSlot(i + 2))]
        : [];
    }
    case 'forum':
      // The papers are the posts; a header only for a day without papers (its note).
      return intent.paperIds.length ? [...intent.paperIds] : header;
    default:
      return [...header, ...intent.paperIds];
  }
}

/** The line of a header that says how to vote, per layout. */
export function voteLine(layout: Layout, voteEmoji: string, papers: number): string {
  if (layout === 'compact')
    return `React with ${NUMBER_EMOJI[0]}–${NUMBER_EMOJI[Math.max(0, Math.min(papers, 10) - 1)]} to vote for a paper.`;
  if (layout === 'thread') return `Papers are in the thread; react with ${voteEmoji} on a paper to vote for it.`;
  return `React with ${voteEmoji} on a paper to vote for it.`;
}

/** How often a day's header is posted again after someone deleted it (thread layout), before the day fails. */
export const HEADER_REPOSTS = 3;

/** The day's header as it stands: its latest post. */
export function currentHeader(landed: ReadonlyMap<string, MessageRef>): MessageRef | undefined {
  for (let n = HEADER_REPOSTS + 1; n >= 2; n--) {
    const ref = landed.get(repostedHeader(n));
    if (ref) return ref;
  }
  return landed.get('header');
}

/** The slot a header posted again takes: the one after the last that landed. */
export function nextHeaderSlot(landed: ReadonlyMap<string, MessageRef>): string | undefined {
  for (let n = 2; n <= HEADER_REPOSTS + 1; n++) if (!landed.has(repostedHeader(n))) return repostedHeader(n);
  return undefined;
}

/** Where a thread layout's papers go: the header's thread, named after the header's first line (as plain text). */
export const threadOf = (header: MessageRef, headerText: string) => ({
  parent: header,
  name: plainText(headerText.split('\n')[0]!),
});
