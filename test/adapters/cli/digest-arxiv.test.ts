import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../../adapters/cli/main.js';
import { latestListed } from '../../../src/time/arxiv-calendar.js';
import { addDays } from '../../../src/time/dates.js';
import { createArxivListingFake, type ArxivListingFake, type FakeItem } from '../../fakes/arxiv-listing-fake.js';

let fake: ArxivListingFake;
let dir: string;
beforeAll(async () => {
  fake = await createArxivListingFake();
  dir = mkdtempSync(join(tmpdir(), 'paperfeed-cli-arxiv-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], store = 'memory://') {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), columns: 100 };
  const code = await main(
    args,
    {
      STORE_URL: store,
      ARXIV_RSS_URL: fake.url,
      HF_API_URL: 'http://127.0.0.1:9',
      ARXIV_API_URL: 'http://127.0.0.1:9/api',
    },
    io,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const ITEMS: FakeItem[] = [
  {
    id: '2612.01001',
    type: 'new',
    categories: ['cs.CL'],
    title: 'Parsing with small models',
    authors: ['Ada Lovelace'],
  },
  { id: '2612.01002', type: 'cross', categories: ['cs.LG', 'cs.CL'], title: 'Tokenizers, revisited' },
  { id: '2611.09999', version: 3, type: 'replace', categories: ['cs.CL'], title: 'A third version' },
  { id: '2612.01001', type: 'new', categories: ['cs.CL'], title: 'Parsing with small models' },
];

describe('paperfeed digest --source arxiv', () => {
  it("prints the categories' latest announcement, each paper once by its id without version", async () => {
    const today = latestListed(Date.now());
    fake.listing = () => ({ date: today, items: ITEMS });
    const r = await run(['digest', '--source', 'arxiv', '--categories', 'cs.CL', '--include', 'all']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(
      /^arXiv cs\.CL · \w+day, \d+ \w+ \d{4} · 3 papers \(new, cross-lists and replacements\)$/,
    );
    expect([...r.out.matchAll(/^\s+\d+\. (\S+(?: v\d)?)\s+(.+)$/gm)].map((m) => [m[1], m[2]])).toEqual([
      ['new', 'Parsing with small models'],
      ['cross', 'Tokenizers, revisited'],
      ['replace v3', 'A third version'],
    ]);
    expect(r.out).toContain('https://arxiv.org/abs/2612.01001 · cs.CL');
    expect(r.out).not.toMatch(/2612\.01001v/);
  });

  it('prints a stored announcement by date, as JSON too, and says which dates the store has', async () => {
    const store = `sqlite://${join(dir, 'cli.sqlite')}`;
    const today = latestListed(Date.now());
    fake.listing = () => ({ date: today, items: ITEMS });
    expect((await run(['digest', '--source', 'arxiv', '--categories', 'cs.CL'], store)).code).toBe(0);
    fake.requests.length = 0;
    const r = await run(['digest', '--source=arxiv', '--categories', 'CS.cl', '--date', today, '--json'], store);
    expect(r.code).toBe(0);
    expect(fake.requests).toHaveLength(0); // from the store
    const json = JSON.parse(r.out) as {
      date: string;
      total: number;
      papers: { rank: number; id: string; announceType: string }[];
    };
    expect(json).toMatchObject({ date: today, total: 2 });
    expect(json.papers.map((p) => [p.rank, p.id, p.announceType])).toEqual([
      [1, '2612.01001', 'new'],
      [2, '2612.01002', 'cross'],
    ]);
    const missing = await run(['digest', '--source', 'arxiv', '--categories', 'cs.CL', '--date', '2026-01-05'], store);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(
      `paperfeed: no stored arXiv announcement of cs.CL dated 2026-01-05 (stored: ${today}). arXiv's listing shows only the latest; a feed or this command without --date stores it.`,
    );
  });

  it('says when the listing is late, and prints the announcement it still shows', async () => {
    const previous = addDays(latestListed(Date.now()), -7);
    fake.listing = () => ({ date: previous, items: ITEMS.slice(0, 1) });
    const r = await run(['digest', '--source', 'arxiv', '--categories', 'cs.CL']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/arXiv's listing of cs\.CL is behind arXiv's calendar/);
    expect(r.out).toMatch(/· 1 new papers and cross-lists$/m);
  });

  it('refuses bad arguments with a short line and exit code 2', async () => {
    expect(await run(['digest', '--source', 'arxiv'])).toMatchObject({
      code: 2,
      err: 'paperfeed: --source arxiv needs --categories, e.g. --categories cs.CL or --categories cs.RO,cs.LG',
    });
    expect((await run(['digest', '--source', 'arxiv', '--categories', 'cs.XX'])).err).toMatch(
      /"cs\.XX" is not an arXiv category/,
    );
    expect((await run(['digest', '--source', 'arxiv', '--categories', 'cs.CL', '--include', 'some'])).err).toMatch(
      /--include must be new, cross or all/,
    );
    expect((await run(['digest', '--source', 'rss'])).err).toMatch(/--source must be hf or arxiv/);
  });
});
