import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';

/** A canned answer; `delayMs` holds the response back (for timeouts). */
export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Sends the headers at once, then the body one byte every `trickle` ms (a stalling server). */
  trickle?: number;
}

export interface HfFake {
  url: string;
  /** Every request: path, query and headers. */
  requests: { path: string; query: URLSearchParams; headers: IncomingMessage['headers'] }[];
  /** Papers served per day for /api/daily_papers (raw HF items). */
  days: Map<string, unknown[]>;
  /** Raw HF items served for /api/papers/search. */
  searchItems: unknown[];
  /** Raw HF flat papers for /api/papers/{id}. */
  papers: Map<string, unknown>;
  /** The next requests whose path matches get these answers, in order, before the normal one. */
  queue(path: RegExp, ...responses: FakeResponse[]): void;
  /** Every request whose path matches gets this answer until `clearOverrides`. */
  always(path: RegExp, response: FakeResponse): void;
  clearOverrides(): void;
  close(): Promise<void>;
}

export const FIXTURES = new URL('../fixtures/', import.meta.url);
const EMPTY_FEED =
  '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>arXiv Query</title></feed>';
export const readFixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
/** The real `/api/daily_papers` capture: 30 papers featured on 2026-06-12. */
export const fixtureDay = (): unknown[] => JSON.parse(readFixture('hf-daily-papers-sample.json')) as unknown[];
export const fixtureSearch = (): unknown[] => JSON.parse(readFixture('hf-papers-search-sample.json')) as unknown[];

/** A local stand-in for huggingface.co's papers API on 127.0.0.1, serving the real captures. */
export async function createHfFake(): Promise<HfFake> {
  const queued: { path: RegExp; response: FakeResponse }[] = [];
  const standing: { path: RegExp; response: FakeResponse }[] = [];
  const fake = {
    url: '',
    requests: [] as HfFake['requests'],
    days: new Map<string, unknown[]>([['2026-06-12', fixtureDay()]]),
    searchItems: fixtureSearch(),
    papers: new Map<string, unknown>(),
  };

  const send = (res: ServerResponse, r: FakeResponse) => {
    const body = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    let timer: NodeJS.Timeout | undefined;
    const trickle = (bytes: Buffer, at: number) => {
      if (res.destroyed) return;
      if (at >= bytes.length) return void res.end();
      res.write(bytes.subarray(at, at + 1));
      timer = setTimeout(() => trickle(bytes, at + 1), r.trickle);
    };
    timer = setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
      if (r.trickle === undefined) return void res.end(body);
      res.flushHeaders();
      trickle(Buffer.from(body), 0);
    }, r.delayMs ?? 0);
    res.on('close', () => clearTimeout(timer));
  };

  const normal = (url: URL): FakeResponse => {
    if (url.pathname === '/api/daily_papers') {
      const date = url.searchParams.get('date') ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return { status: 400, body: { error: 'Invalid date' } };
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const page = Number(url.searchParams.get('p') ?? 0);
      const items = fake.days.get(date) ?? [];
      return { body: items.slice(page * limit, (page + 1) * limit) };
    }
    if (url.pathname === '/api/papers/search') {
      const limit = Number(url.searchParams.get('limit') ?? 100);
      return { body: fake.searchItems.slice(0, limit) };
    }
    if (url.pathname === '/arxiv/query') {
      // A stand-in for arXiv's export API: the real capture for ids it holds, an empty feed otherwise.
      const xml = readFixture('arxiv-query-sample.xml');
      const ids = (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean);
      const known = ids.length === 0 || ids.some((id) => xml.includes(`/abs/${id}v`));
      return { body: known ? xml : EMPTY_FEED, headers: { 'content-type': 'application/atom+xml' } };
    }
    const one = /^\/api\/papers\/(.+)$/.exec(url.pathname);
    if (one?.[1]) {
      const id = decodeURIComponent(one[1]);
      const fromDays = [...fake.days.values()]
        .flat()
        .find((item) => (item as { paper?: { id?: unknown } } | null)?.paper?.id === id) as
        { paper: unknown } | undefined;
      const paper = fake.papers.get(id) ?? fromDays?.paper;
      return paper ? { body: paper } : { status: 404, body: { error: 'Paper not found' } };
    }
    return { status: 404, body: { error: 'not found' } };
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    fake.requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers });
    const i = queued.findIndex((q) => q.path.test(url.pathname));
    if (i >= 0) return send(res, queued.splice(i, 1)[0]!.response);
    const s = standing.find((q) => q.path.test(url.pathname));
    send(res, s ? s.response : normal(url));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(fake, {
    queue: (path: RegExp, ...responses: FakeResponse[]) =>
      void queued.push(...responses.map((response) => ({ path, response }))),
    always: (path: RegExp, response: FakeResponse) => void standing.unshift({ path, response }),
    clearOverrides: () => {
      queued.length = 0;
      standing.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A copy of a fixture item whose paper has `n` visible authors (real papers exceed 500). */
export function withManyAuthors(item: unknown, n: number): unknown {
  const copy = structuredClone(item) as { paper: { authors: unknown[] } };
  copy.paper.authors = Array.from({ length: n }, (_, i) => ({
    _id: `a${i}`,
    name: `Author Number ${i + 1}`,
    hidden: false,
  }));
  return copy;
}
