import type { LinkButton, Paper, PaperCard } from '../model.js';
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl } from './paper-id.js';
import { compactNumber, truncate } from '../text/truncate.js';

/** Limits chosen to fit both Discord embeds and Slack sections with room to spare. */
export const CARD_LIMITS = { title: 250, why: 120, authors: 300, body: 700, shownAuthors: 8 } as const;

/** "A, B, C and 530 more": real papers have over 500 authors. */
export function formatAuthors(
  names: readonly string[],
  shown: number = CARD_LIMITS.shownAuthors,
  max: number = CARD_LIMITS.authors,
): string {
  if (names.length === 0) return 'Authors not listed';
  const head = names.slice(0, shown);
  let more = names.length - head.length;
  let text = head.join(', ');
  while (head.length > 1 && text.length + 20 > max) {
    head.pop();
    more += 1;
    text = head.join(', ');
  }
  text = truncate(text, max - 20);
  return more > 0 ? `${text} and ${more} more` : text;
}

/**
 * An upstream URL (a paper's code or project page) with every character that could end a link's
 * syntax percent-encoded: a space, quotes, brackets, `<>` and `|` (Markdown's `[label](url)`,
 * Slack's `<url|label>`), so the URL stays one link to where it points and carries no second one.
 */
export function linkUrl(url: string): string {
  return url.replace(/[\s"'`()<>[\]{}|\\^]/gu, (c) =>
    c.charCodeAt(0) < 0x80 ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : encodeURIComponent(c),
  );
}

/** Where a paper's title links: its Hugging Face page, or arXiv for a paper Hugging Face does not have. */
export const titleUrl = (p: Paper): string => (p.source === 'hf' ? hfPaperUrl(p.id) : arxivAbsUrl(p.id));

/** The links a card offers under its title, in a fixed order; only those the paper has, never the title's own. */
export function paperLinks(p: Paper): LinkButton[] {
  const links: LinkButton[] = [];
  if (p.source === 'hf') links.push({ kind: 'link', label: 'Hugging Face', url: hfPaperUrl(p.id) });
  links.push(
    { kind: 'link', label: 'arXiv', url: arxivAbsUrl(p.id) },
    { kind: 'link', label: 'PDF', url: arxivPdfUrl(p.id) },
  );
  if (p.githubRepo) links.push({ kind: 'link', label: 'Code', url: linkUrl(p.githubRepo) });
  if (p.projectPage) links.push({ kind: 'link', label: 'Project page', url: linkUrl(p.projectPage) });
  const title = titleUrl(p);
  return links.filter((l) => l.url !== title);
}

const count = (n: number, word: string) => `${compactNumber(n)} ${word}${n === 1 ? '' : 's'}`;

/** The card's one line of signals: upvotes, team votes, code stars, comments; a date only when asked. */
export function paperSignals(p: Paper, o: { votes?: number; dated?: boolean } = {}): string[] {
  const signals: string[] = [];
  if (p.source === 'hf') signals.push(`▲ ${count(p.upvotes, 'upvote')}`);
  if (o.votes !== undefined) signals.push(`👍 ${count(o.votes, 'team vote')}`);
  if (p.githubStars !== undefined && p.githubRepo) signals.push(`★ ${compactNumber(p.githubStars)} on GitHub`);
  if (p.numComments) signals.push(`💬 ${count(p.numComments, 'comment')}`);
  if (o.dated && p.featuredOn) signals.push(`featured ${p.featuredOn}`);
  else if (o.dated && p.publishedAt) signals.push(`published ${p.publishedAt.slice(0, 10)}`);
  return signals;
}

/** What a card shows besides the paper: its place, its team votes, and what only some places have room for. */
export interface CardOptions {
  /** Its place in the list (1 = first). */
  rank?: number;
  /** Team votes, when shown. */
  votes?: number;
  /** The authors line: for a paper shown alone. */
  authors?: boolean;
  /** The day it was featured (or published): where no header says the day. */
  dated?: boolean;
  /** Why it is here, in one short line. */
  why?: string;
  /** Who is reading it (📖 claims), as plain-text names. */
  readers?: string[];
}

/** A paper as a neutral card; every text already within the limits above. */
export function toCard(p: Paper, o: CardOptions = {}): PaperCard {
  const useSummary = Boolean(p.aiSummary);
  return {
    paperId: p.id,
    ...(o.rank !== undefined ? { rank: o.rank } : {}),
    title: truncate(p.title, CARD_LIMITS.title),
    url: titleUrl(p),
    ...(o.why ? { why: truncate(o.why, CARD_LIMITS.why) } : {}),
    ...(o.authors ? { authors: formatAuthors(p.authors.map((a) => a.name)) } : {}),
    body: truncate(useSummary ? p.aiSummary! : p.abstract || 'No abstract available.', CARD_LIMITS.body),
    bodyLabel: useSummary ? 'AI summary' : 'Abstract',
    upvotes: p.upvotes,
    ...(o.votes !== undefined ? { votes: o.votes } : {}),
    signals: paperSignals(p, o),
    ...(o.readers?.length ? { readers: o.readers } : {}),
    links: paperLinks(p),
    thumbnail: p.thumbnail,
  };
}
