import { XMLParser } from 'fast-xml-parser';
import { UpstreamError } from '../../errors.js';
import type { Paper } from '../../model.js';
import { canonicalPaperId } from '../../papers/paper-id.js';
import { normaliseText } from '../hf/to-paper.js';

/**
 * Parses an arXiv API Atom feed into papers. Elements are read by (namespace-stripped) name,
 * never by position: the 2025 backend reordered them (both shapes are in test/fixtures).
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  textNodeName: '#text',
  isArray: (name) => ['entry', 'author', 'link', 'category'].includes(name),
  processEntities: true,
});

type Node = Record<string, unknown>;

const text = (v: unknown): string => {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in v) return String((v as Node)['#text']);
  return '';
};

const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);

export function parseArxivFeed(xml: string): Paper[] {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (error) {
    throw new UpstreamError('arXiv', 'answered with XML that does not parse', { cause: error });
  }
  const feed = doc.feed as Node | undefined;
  if (!feed || typeof feed !== 'object')
    throw new UpstreamError('arXiv', 'answered with something that is not an Atom feed');
  const entries = list(feed.entry);
  const error = entries.find((e) => text(e.title).trim() === 'Error' && text(e.id).includes('/api/errors'));
  if (error) throw new UpstreamError('arXiv', `rejected the query: ${normaliseText(text(error.summary))}`);
  return entries.map(toPaper).filter((p): p is Paper => p !== undefined);
}

function toPaper(entry: Node): Paper | undefined {
  const absUrl = text(entry.id);
  const id = canonicalPaperId(absUrl);
  const title = normaliseText(text(entry.title));
  if (!id || !title) return undefined;
  return {
    id,
    title,
    authors: list(entry.author)
      .map((a) => normaliseText(text(a.name)))
      .filter(Boolean)
      .map((name) => ({ name })),
    abstract: normaliseText(text(entry.summary)),
    keywords: [],
    categories: categoriesOf(entry),
    upvotes: 0,
    publishedAt: text(entry.published) || undefined,
    source: 'arxiv',
  };
}

/** The entry's arXiv categories, primary first (`cs.RO`, `cs.AI`, …). */
function categoriesOf(entry: Node): string[] {
  const primary = (entry.primary_category as Node | undefined)?.['@term'];
  const all = list(entry.category).map((c) => String(c['@term'] ?? ''));
  return [...new Set([primary ? String(primary) : '', ...all])].filter(Boolean);
}
