import type { LinkButton, Paper, PaperCard } from '../model.js';
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl } from './paper-id.js';
import { compactNumber, truncate } from '../text/truncate.js';

/** Limits chosen to fit both Discord embeds and Slack sections with room to spare. */
export const CARD_LIMITS = { title: 250, authors: 300, body: 700, shownAuthors: 8, why: 120 } as const;

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

/** The links a card offers, in a fixed order; only those the paper has. */
export function paperLinks(p: Paper): LinkButton[] {
  const links: LinkButton[] = [];
  if (p.source === 'hf') links.push({ kind: 'link', label: 'Hugging Face', url: hfPaperUrl(p.id) });
  links.push(
    { kind: 'link', label: 'arXiv', url: arxivAbsUrl(p.id) },
    { kind: 'link', label: 'PDF', url: arxivPdfUrl(p.id) },
  );
  if (p.githubRepo) {
    const stars = p.githubStars !== undefined ? ` ★ ${compactNumber(p.githubStars)}` : '';
    links.push({ kind: 'link', label: `Code${stars}`, url: linkUrl(p.githubRepo) });
  }
  if (p.projectPage) links.push({ kind: 'link', label: 'Project page', url: linkUrl(p.projectPage) });
  return links;
}

/** A paper as a neutral card; every text already within the limits above. `why`: the taste's line. */
export function toCard(p: Paper, extra: { votes?: number; why?: string } = {}): PaperCard {
  const useSummary = Boolean(p.aiSummary);
  const meta: string[] = [];
  if (p.source === 'hf') meta.push(`▲ ${p.upvotes} upvote${p.upvotes === 1 ? '' : 's'}`);
  if (extra.votes !== undefined) meta.push(`👍 ${extra.votes} team vote${extra.votes === 1 ? '' : 's'}`);
  if (p.githubStars !== undefined && p.githubRepo) meta.push(`★ ${compactNumber(p.githubStars)} on GitHub`);
  if (p.numComments) meta.push(`💬 ${p.numComments}`);
  if (p.featuredOn) meta.push(`featured ${p.featuredOn}`);
  else if (p.publishedAt) meta.push(`published ${p.publishedAt.slice(0, 10)}`);
  return {
    paperId: p.id,
    title: truncate(p.title, CARD_LIMITS.title),
    url: p.source === 'hf' ? hfPaperUrl(p.id) : arxivAbsUrl(p.id),
    authors: formatAuthors(p.authors.map((a) => a.name)),
    body: truncate(useSummary ? p.aiSummary! : p.abstract || 'No abstract available.', CARD_LIMITS.body),
    bodyLabel: useSummary ? 'AI summary' : 'Abstract',
    upvotes: p.upvotes,
    ...(extra.votes !== undefined ? { votes: extra.votes } : {}),
    links: paperLinks(p),
    thumbnail: p.thumbnail,
    meta,
    ...(extra.why ? { why: truncate(extra.why, CARD_LIMITS.why) } : {}),
  };
}
