import { XMLParser } from 'fast-xml-parser';
import { UpstreamError } from '../../errors.js';
import type { ListingItem, ParsedListing } from '../../arxiv-feed/listing-source.js';
import type { AnnounceType, Paper } from '../../model.js';
import { canonicalPaperId } from '../../papers/paper-id.js';
import { dayInZone } from '../../time/dates.js';
import { normaliseText } from '../hf/to-paper.js';

/**
 * Parses arXiv's RSS 2.0 listings (https://info.arxiv.org/help/rss_specifications.html): the
 * channel's `pubDate` is the announcement's date, each `item` a paper with its versioned `guid`
 * (`oai:arXiv.org:2604.21935v1`), `arxiv:announce_type`, `category` elements and `dc:creator`
 * (authors, comma-separated). Elements are read by name with their namespace prefix removed.
 *
 * A listing is parsed a slice of items at a time, yielding to the event loop between slices: one
 * `parse` of a 2,000-item listing (about 3.5 MB) holds the loop for about 150 ms on the 2-core test
 * machine, a slice of 100 items for about 6 ms (`test/src/upstream/arxiv-listing.test.ts` measures it).
 */

/** Items parsed per slice; see the measurement above. */
export const ITEMS_PER_SLICE = 100;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  textNodeName: '#text',
  isArray: (name) => ['item', 'category'].includes(name),
  processEntities: true,
  parseTagValue: false,
});

type Node = Record<string, unknown>;

const text = (v: unknown): string => {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in v) return String((v as Node)['#text']);
  return '';
};

const TYPES: readonly AnnounceType[] = ['new', 'cross', 'replace', 'replace-cross'];
const ZONE = 'America/New_York';

/** The New York date of an RFC 822 date (`Mon, 27 Apr 2026 00:00:00 -0400`), or undefined. */
function dateOf(value: unknown): string | undefined {
  const t = Date.parse(text(value).trim());
  return Number.isNaN(t) ? undefined : dayInZone(t, ZONE);
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function parseXml(xml: string): Node {
  try {
    return parser.parse(xml) as Node;
  } catch (error) {
    throw new UpstreamError('arXiv', 'answered a listing with XML that does not parse', { cause: error });
  }
}

/** Parses a listing, `ITEMS_PER_SLICE` items per event-loop turn. */
export async function parseListing(xml: string): Promise<ParsedListing> {
  const first = xml.search(/<item[\s>]/);
  const head = parseXml(first < 0 ? xml : `${xml.slice(0, first)}</channel></rss>`);
  const channel = (head.rss as Node | undefined)?.channel as Node | undefined;
  if (!channel || typeof channel !== 'object')
    throw new UpstreamError('arXiv', 'answered with something that is not an RSS listing');
  const built = Date.parse(text(channel.lastBuildDate));
  const items: ListingItem[] = [];
  let skipped = 0;
  let itemDate: string | undefined;
  for (const slice of itemSlices(xml, first)) {
    await nextTurn();
    const doc = parseXml(`<rss><channel>${slice}</channel></rss>`);
    const nodes = ((doc.rss as Node | undefined)?.channel as Node | undefined)?.item;
    for (const node of Array.isArray(nodes) ? (nodes as Node[]) : []) {
      itemDate ??= dateOf(node.pubDate);
      const item = toItem(node);
      if (item) items.push(item);
      else skipped++;
    }
  }
  if (items.length === 0 && skipped > 0)
    throw new UpstreamError('arXiv', `answered a listing of ${skipped} items, none of them a paper`);
  const date = dateOf(channel.pubDate) ?? itemDate;
  return { ...(date ? { date } : {}), ...(Number.isNaN(built) ? {} : { builtAt: built }), items, skipped };
}

/** The listing's `<item>…</item>` texts, `ITEMS_PER_SLICE` at a time, from `from`. */
function* itemSlices(xml: string, from: number): Generator<string> {
  if (from < 0) return;
  const opening = /<item[\s>]/g;
  let at = from;
  for (;;) {
    let end = at;
    let n = 0;
    while (n < ITEMS_PER_SLICE) {
      opening.lastIndex = end;
      const start = opening.exec(xml);
      if (!start) break;
      const close = xml.indexOf('</item>', start.index);
      if (close < 0) break;
      end = close + '</item>'.length;
      n++;
    }
    if (n === 0) return;
    yield xml.slice(at, end);
    at = end;
  }
}

function toItem(node: Node): ListingItem | undefined {
  const description = text(node.description);
  const guid = text(node.guid).trim();
  // `oai:arXiv.org:2604.21935v1`, else the description's `arXiv:2604.21935v1 Announce Type: …`.
  const versioned = guid.replace(/^oai:arXiv\.org:/i, '') || /arXiv:(\S+)/.exec(description)?.[1] || '';
  const id = canonicalPaperId(versioned) ?? canonicalPaperId(text(node.link));
  const title = normaliseText(text(node.title));
  if (!id || !title) return undefined;
  const version = Number(/v(\d+)$/.exec(versioned)?.[1] ?? 1);
  const declared = text(node.announce_type).trim() || /Announce Type:\s*(\S+)/.exec(description)?.[1] || '';
  const type = (TYPES as readonly string[]).includes(declared)
    ? (declared as AnnounceType)
    : version > 1
      ? 'replace'
      : 'new';
  const on = dateOf(node.pubDate);
  const published = Date.parse(text(node.pubDate));
  const paper: Paper = {
    id,
    title,
    authors: authorsOf(text(node.creator)),
    abstract: normaliseText(
      description.replace(/^\s*arXiv:\S+\s+Announce Type:\s*\S+\s*/, '').replace(/^Abstract:\s*/, ''),
    ),
    keywords: [],
    categories: [...new Set((Array.isArray(node.category) ? node.category : []).map((c) => text(c).trim()))].filter(
      Boolean,
    ),
    upvotes: 0,
    // A new paper's announcement is its publication; a replacement's is only its new version's.
    ...(version === 1 && !Number.isNaN(published) ? { publishedAt: new Date(published).toISOString() } : {}),
    source: 'arxiv',
    ...(version > 1 && on ? { version: { n: version, on } } : {}),
  };
  return { paper, version, type };
}

/** `dc:creator`: names separated by commas (`A, B, and C` now and then). */
function authorsOf(creator: string): { name: string }[] {
  return creator
    .split(',')
    .map((name) => normaliseText(name).replace(/^and\s+/, ''))
    .filter(Boolean)
    .map((name) => ({ name }));
}
