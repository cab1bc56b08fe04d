import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnnounceType } from '../../src/model.js';
import { zonedInstant, zoneOffset } from '../../src/time/zoned-time.js';
import { readFixture } from './hf-fake.js';

/** One paper as a fake listing shows it. */
export interface FakeItem {
  id: string;
  /** Default 1. */
  version?: number;
  type: AnnounceType;
  /** Primary first. */
  categories: string[];
  title?: string;
  authors?: string[];
  abstract?: string;
}

/** What a listing shows: its announcement date (the channel's `pubDate`, New York time) and papers. */
export interface FakeListing {
  date: string;
  items: FakeItem[];
}

/** A canned answer instead of the listing (a 429, a 503), with its headers. */
export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

const SAMPLE = readFixture('arxiv-rss-sample.xml');
const FIRST_ITEM = /<item>[\s\S]*?<\/item>/.exec(SAMPLE)![0];
const HEAD = SAMPLE.slice(0, SAMPLE.indexOf('<item>'));
const TAIL = SAMPLE.slice(SAMPLE.lastIndexOf('</item>') + '</item>'.length);
const ZONE = 'America/New_York';

const xml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const pad = (n: number) => String(n).padStart(2, '0');

/** `Mon, 27 Apr 2026 00:00:00 -0400`: midnight of `date` in New York, as arXiv writes its dates. */
export function newYorkMidnight(date: string): string {
  const t = zonedInstant(date, '00:00', ZONE);
  const off = zoneOffset(t, ZONE) / 60_000;
  const [wd, , mon] = new Date(`${date}T12:00:00Z`).toUTCString().split(' ');
  const sign = off < 0 ? '-' : '+';
  return `${wd} ${date.slice(8, 10)} ${mon} ${date.slice(0, 4)} 00:00:00 ${sign}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
}

/** One item, the real capture's first item with its values replaced. */
function renderItem(item: FakeItem, date: string): string {
  const v = item.version ?? 1;
  const indent = '      ';
  const categories = item.categories.map((c) => `<category>${c}</category>`).join(`\n${indent}`);
  const abstract = item.abstract ?? `We study ${item.id} in ${item.categories.join(' and ')}.`;
  return FIRST_ITEM.replace(/<title>[\s\S]*?<\/title>/, `<title>${xml(item.title ?? `Paper ${item.id}`)}</title>`)
    .replace(/<link>[\s\S]*?<\/link>/, `<link>https://arxiv.org/abs/${item.id}</link>`)
    .replace(
      /<description>[\s\S]*?<\/description>/,
      `<description>arXiv:${item.id}v${v} Announce Type: ${item.type} \nAbstract: ${xml(abstract)}</description>`,
    )
    .replace(/<guid([^>]*)>[\s\S]*?<\/guid>/, `<guid$1>oai:arXiv.org:${item.id}v${v}</guid>`)
    .replace(/<category>[\s\S]*<\/category>/, categories)
    .replace(/<pubDate>[\s\S]*?<\/pubDate>/, `<pubDate>${newYorkMidnight(date)}</pubDate>`)
    .replace(
      /<arxiv:announce_type>[\s\S]*?<\/arxiv:announce_type>/,
      `<arxiv:announce_type>${item.type}</arxiv:announce_type>`,
    )
    .replace(
      /<dc:creator>[\s\S]*?<\/dc:creator>/,
      `<dc:creator>${xml((item.authors ?? ['Ada Lovelace']).join(', '))}</dc:creator>`,
    );
}

/** A listing of `categories` in arXiv's RSS 2.0 format, built from the real capture's channel and first item. */
export function renderListing(categories: readonly string[], listing: FakeListing): string {
  const set = categories.join('+');
  const built = new Date(zonedInstant(listing.date, '00:00', ZONE)).toUTCString().replace('GMT', '+0000');
  const head = HEAD.replace(/<title>cs\.AI updates/, `<title>${set} updates`)
    .replace(/rss\/cs\.AI/g, `rss/${set}`)
    .replace(/<description>cs\.AI updates/, `<description>${set} updates`)
    .replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, `<lastBuildDate>${built}</lastBuildDate>`)
    .replace(/<pubDate>[^<]*<\/pubDate>/, `<pubDate>${newYorkMidnight(listing.date)}</pubDate>`);
  const items = listing.items.map((i) => `    ${renderItem(i, listing.date)}`).join('\n');
  return `${head.trimEnd()}\n${items}${items ? '\n    ' : ''}${TAIL.trimStart()}`;
}

export interface ArxivListingFake {
  /** What `ARXIV_RSS_URL` is set to. */
  url: string;
  /** Every listing request: its categories, when it reached the fake (the test's clock), and the date served (or the status). */
  requests: { categories: string[]; at: number; served?: string }[];
  /**
   * What a set's listing shows now; the real capture for `cs.AI` by default, an empty weekend
   * listing otherwise. A string is served as it is (a listing rendered beforehand).
   */
  listing: (categories: string[]) => FakeListing | 'sample' | string;
  /** The next requests get these answers, in order, before the listing. */
  queue(...answers: FakeAnswer[]): void;
  /** What times requests (the test's clock). */
  now: () => number;
  /** The same fake without a network: a `fetch` that answers in process. */
  fetch: typeof globalThis.fetch;
  close(): Promise<void>;
}

/** A local stand-in for rss.arxiv.org (`/rss/<cat>[+<cat>…]`), on 127.0.0.1, timing requests with `now`. */
export async function createArxivListingFake(now: () => number = Date.now): Promise<ArxivListingFake> {
  const queued: FakeAnswer[] = [];
  const fake = {
    now,
    requests: [] as ArxivListingFake['requests'],
    listing: (categories: string[]): FakeListing | 'sample' | string =>
      categories.join('+') === 'cs.AI' ? 'sample' : { date: '2026-04-25', items: [] },
  };
  const answer = (path: string): FakeAnswer => {
    const m = /^\/rss\/(.+)$/.exec(path);
    if (!m) return { status: 404, body: 'not found' };
    const categories = decodeURIComponent(m[1]!).split('+');
    const request: ArxivListingFake['requests'][number] = { categories, at: fake.now() };
    fake.requests.push(request);
    const next = queued.shift();
    if (next) {
      request.served = String(next.status);
      return next;
    }
    const listing = fake.listing(categories);
    request.served = typeof listing === 'object' ? listing.date : undefined;
    return {
      status: 200,
      headers: { 'content-type': 'application/rss+xml' },
      body: listing === 'sample' ? SAMPLE : typeof listing === 'string' ? listing : renderListing(categories, listing),
    };
  };
  const server = createServer((req, res) => {
    const a = answer(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    res.writeHead(a.status, a.headers ?? {});
    res.end(a.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rss`;
  const inProcess: typeof globalThis.fetch = async (input) => {
    const target = new URL(input instanceof Request ? input.url : String(input));
    const a = answer(target.pathname);
    return new Response(a.body ?? '', { status: a.status, headers: a.headers ?? {} });
  };
  return Object.assign(fake, {
    url,
    queue: (...answers: FakeAnswer[]) => void queued.push(...answers),
    fetch: inProcess,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
