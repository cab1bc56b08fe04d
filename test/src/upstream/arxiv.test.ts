import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArxivFeed } from '../../../src/upstream/arxiv/parse.js';
import { createArxivClient } from '../../../src/upstream/arxiv/client.js';
import { UpstreamError } from '../../../src/errors.js';
import { readFixture } from '../../fakes/hf-fake.js';

describe('arXiv Atom parsing', () => {
  it('reads the post-2025 feed whatever the element order', () => {
    const papers = parseArxivFeed(readFixture('arxiv-query-sample.xml'));
    expect(papers).toHaveLength(5);
    expect(papers[0]).toMatchObject({
      id: '2606.13677',
      title: 'Mana: Dexterous Manipulation of Articulated Tools',
      source: 'arxiv',
    });
    expect(papers[0]!.authors.length).toBeGreaterThan(0);
    expect(papers[0]!.categories?.[0]).toBe('cs.RO');
    expect(papers[0]!.keywords).toEqual([]);
    expect(papers[0]!.abstract).toMatch(/^Articulated tool manipulation/);
    expect(papers[0]!.abstract).toContain('(<1 minute per tool)');
  });

  it('reads the legacy feed with namespaced elements', () => {
    const [paper] = parseArxivFeed(readFixture('arxiv-query-sample-docs-legacy.xml'));
    expect(paper!.id).toMatch(/^(\d{4}\.\d{4,5}|[a-z-]+\/\d{7})$/);
    expect(paper!.title.length).toBeGreaterThan(5);
    expect(paper!.abstract).not.toMatch(/\n/);
    expect(paper!.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });

  it('turns the error feed into an upstream error carrying arXiv’s message', () => {
    expect(() => parseArxivFeed(readFixture('arxiv-query-error-sample-docs-legacy.xml'))).toThrow(
      /incorrect id format for 1234\.12345/,
    );
  });

  it.each([
    ['not xml at all <<<', /not an Atom feed|does not parse/],
    ['<html><body>Rate exceeded</body></html>', /not an Atom feed/],
  ])('rejects a body that is not a feed: %s', (body, message) => {
    expect(() => parseArxivFeed(body)).toThrow(message);
  });
});

describe('arXiv client', () => {
  let url = '';
  const times: number[] = [];
  const server = createServer((req, res) => {
    times.push(Date.now());
    res.writeHead(200, { 'content-type': 'application/atom+xml' });
    if (!req.url?.includes('stall')) return void res.end(readFixture('arxiv-query-sample.xml'));
    // Headers, then one byte every 50 ms: a body that would take minutes.
    res.write('<');
    const timer = setInterval(() => res.write(' '), 50);
    res.on('close', () => clearInterval(timer));
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
  });
  afterAll(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );

  it('spaces its requests at least the minimum interval apart', async () => {
    const arxiv = createArxivClient({ apiUrl: url, minIntervalMs: 150 });
    times.length = 0;
    await Promise.all([arxiv.search('transformer', 5), arxiv.search('diffusion', 5), arxiv.paper('2606.13677')]);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(140);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(140);
  });

  it('finds one paper by id', async () => {
    const arxiv = createArxivClient({ apiUrl: url, minIntervalMs: 1 });
    expect((await arxiv.paper('2606.13677'))?.title).toMatch(/^Mana/);
  });

  it('gives up on a body that trickles in, and serves the next query after it', async () => {
    const arxiv = createArxivClient({ apiUrl: url, minIntervalMs: 1, retries: 0, timeoutMs: 200 });
    await expect(arxiv.search('stall', 1)).rejects.toThrow('timed out');
    expect(await arxiv.search('transformer', 5)).toHaveLength(5);
  });

  it('refuses an answer larger than its body cap', async () => {
    const arxiv = createArxivClient({ apiUrl: url, minIntervalMs: 1, retries: 0, maxBodyBytes: 1000 });
    await expect(arxiv.search('transformer', 5)).rejects.toThrow('answered more than 1000 bytes');
  });

  it('reports an unreachable arXiv as an upstream error', async () => {
    const arxiv = createArxivClient({
      apiUrl: 'http://127.0.0.1:9/api/query',
      minIntervalMs: 1,
      retries: 0,
      timeoutMs: 500,
    });
    await expect(arxiv.search('x', 1)).rejects.toBeInstanceOf(UpstreamError);
  });
});
