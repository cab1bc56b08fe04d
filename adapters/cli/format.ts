import { longDay } from '../../src/time/dates.js';
import { toCard } from '../../src/papers/card.js';
import { emptyDigestText } from '../../src/papers/digest.js';
import type { Digest, Paper } from '../../src/model.js';
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl } from '../../src/papers/paper-id.js';

/** Wraps `text` to `width` columns, each line after the first indented by `indent`. */
export function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width - indent.length) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

/** A numbered list of papers, readable in a terminal. */
export function formatPapers(papers: readonly Paper[], width: number): string {
  const indent = ' '.repeat(11);
  return papers
    .map((p, i) => {
      const card = toCard(p, { authors: true });
      const score = p.source === 'hf' ? `▲ ${p.upvotes}` : 'arXiv';
      const links = card.links
        .filter((l) => l.label !== 'Hugging Face' && l.label !== 'PDF')
        .map((l) => `${l.label}: ${l.url}`);
      return [
        `${String(i + 1).padStart(2)}. ${score.padEnd(6)} ${wrap(card.title, width, indent)}`,
        `${indent}${card.url}`,
        `${indent}${wrap(card.authors ?? '', width, indent)}`,
        `${indent}${wrap(`${card.bodyLabel}: ${card.body}`, width, indent)}`,
        ...links.map((l) => `${indent}${l}`),
      ].join('\n');
    })
    .join('\n\n');
}

export function formatDigest(d: Digest, width: number): string {
  const when = longDay(d.date);
  const head = `Hugging Face Daily Papers · ${when} · ${d.totalThatDay} paper${d.totalThatDay === 1 ? '' : 's'}`;
  if (d.papers.length === 0) return `${head}\n\n${emptyDigestText(d)}`;
  const shown = d.papers.length < d.totalThatDay ? ` (top ${d.papers.length})` : '';
  return `${head}${shown}\n\n${formatPapers(d.papers, width)}`;
}

/** What a `digest` without `--count` printed: "all 30 papers of Friday, 12 June 2026; --count N for fewer." */
export function wholeDayNote(d: Digest): string {
  const what =
    d.papers.length < d.totalThatDay ? `the top ${d.papers.length} of ${d.totalThatDay}` : `all ${d.totalThatDay}`;
  return `${what} papers of ${longDay(d.date)}; --count N for fewer.`;
}

/** The stable JSON shape scripts can rely on. */
export function paperJson(p: Paper, rank?: number) {
  return {
    ...(rank !== undefined ? { rank } : {}),
    id: p.id,
    title: p.title,
    authors: p.authors.map((a) => a.name),
    upvotes: p.upvotes,
    url: p.source === 'hf' ? hfPaperUrl(p.id) : arxivAbsUrl(p.id),
    arxivUrl: arxivAbsUrl(p.id),
    pdfUrl: arxivPdfUrl(p.id),
    aiSummary: p.aiSummary ?? null,
    abstract: p.abstract,
    keywords: p.keywords,
    githubRepo: p.githubRepo ?? null,
    githubStars: p.githubStars ?? null,
    projectPage: p.projectPage ?? null,
    thumbnail: p.thumbnail ?? null,
    featuredOn: p.featuredOn ?? null,
    publishedAt: p.publishedAt ?? null,
    source: p.source,
  };
}

export const digestJson = (d: Digest) => ({
  date: d.date,
  total: d.totalThatDay,
  emptyReason: d.emptyReason ?? null,
  papers: d.papers.map((p, i) => paperJson(p, i + 1)),
});
