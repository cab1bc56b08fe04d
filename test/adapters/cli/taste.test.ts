import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices } from '../../../adapters/bot/services.js';
import { main, type Io } from '../../../adapters/cli/main.js';
import { taste } from '../../../adapters/cli/taste.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { createHfFake, readFixture, type HfFake } from '../../fakes/hf-fake.js';

/**
 * `paperfeed taste import` and `paperfeed digest --team`, on a SQLite store shared by the runs and
 * real Daily Papers days; the team and what it imports are invented here.
 */
const DAYS = ['2026-03-25', '2026-03-26', '2026-03-27'];
let hf: HfFake;
let dir: string;
let store: string;

beforeAll(async () => {
  hf = await createHfFake();
  for (const day of DAYS) hf.days.set(day, JSON.parse(readFixture(`hf-days/${day}.json`)) as unknown[]);
  dir = mkdtempSync(join(tmpdir(), 'paperfeed-taste-cli-'));
});
afterAll(async () => {
  await hf.close();
  rmSync(dir, { recursive: true, force: true });
});

let storeCount = 0;
const freshStore = () => (store = `sqlite://${join(dir, `store-${++storeCount}.sqlite`)}`);

const envOf = () => ({ STORE_URL: store, HF_API_URL: hf.url, ARXIV_API_URL: `${hf.url}/arxiv/query` });

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), columns: 100 };
  const code = await main(args, envOf(), io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `taste import` with arXiv's 3 s between requests taken out (the lookups below ask arXiv twice). */
async function importFast(args: string[]) {
  const out: string[] = [];
  const services = await openServices(loadConfig(envOf()), { logger: silentLogger, arxivMinIntervalMs: 0 });
  try {
    const code = await taste(['import', ...args], services, { out: (t) => out.push(t), err: (t) => out.push(t) });
    return { code, out: out.join('\n') };
  } finally {
    await services.close();
  }
}

const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const papersOf = (day: string) =>
  (JSON.parse(readFixture(`hf-days/${day}.json`)) as { paper: { id: string; title: string } }[]).map((i) => i.paper);

describe('paperfeed taste import', () => {
  it('takes arXiv ids and arXiv and Hugging Face links, one per line, and names each line it cannot use', async () => {
    freshStore();
    const [a, b, c] = papersOf('2026-03-25');
    const r = await importFast([
      '--team',
      'discord:42',
      file(
        'links.txt',
        [
          `# what we read`,
          a!.id,
          `https://arxiv.org/abs/${b!.id}v2`,
          `https://huggingface.co/papers/${c!.id}`,
          `arXiv:2606.13591`,
          '',
          'the best paper ever',
          '2401.00001',
        ].join('\n'),
      ),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^Took 4 papers \(liked\) into the taste of discord:42 from a list of ids and links; 4 looked up; 2 lines not used\./,
    );
    expect(r.out).toContain('line 7: "the best paper ever" is not an arXiv id or an arXiv or Hugging Face link');
    expect(r.out).toContain('line 8: 2401.00001 was found neither on Hugging Face nor on arXiv');
  });

  it('takes a top --csv export, counting each paper’s team votes', async () => {
    freshStore();
    const [a, b] = papersOf('2026-03-26');
    const csv = [
      'rank,paper_id,title,team_votes,hf_upvotes,first_posted,url',
      `1,${a!.id},"${a!.title.replace(/"/g, '""')}",4,26,2026-03-26T09:00:00.000Z,https://huggingface.co/papers/${a!.id}`,
      `2,${b!.id},"Red-Teaming, ""quoted""",2,23,2026-03-26T09:00:00.000Z,https://huggingface.co/papers/${b!.id}`,
      '3,not-an-id,Nothing,1,0,2026-03-26T09:00:00.000Z,',
    ].join('\r\n');
    const r = await run(['taste', 'import', '--team', 'slack:T0001', file('top.csv', csv)]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Took 2 papers \(liked\) .* from a top --csv export/);
    expect(r.out).toContain('line 4: "not-an-id" in paper_id is not an arXiv id');
  });

  it('takes BibTeX as Zotero exports it (eprint, arXiv URL or DOI) and names entries without an arXiv id', async () => {
    freshStore();
    const [a, b, c] = papersOf('2026-03-27');
    const bib = `@misc{first_2026,
\ttitle = {{RealRestorer}: Towards Generalizable Image Restoration},
\turl = {http://arxiv.org/abs/${a!.id}},
\tauthor = {Doe, Jane and Roe, Rick},
\tyear = {2026},
}

@article{second_2026,
\ttitle = {Something},
\tjournal = {Nature},
\tyear = {2026},
}

@misc{third_2026,
\ttitle = {Third},
\teprint = {${b!.id}},
\tarchivePrefix = {arXiv},
}
@misc{fourth, doi = {10.48550/arXiv.${c!.id}}, note = {arXiv:${c!.id} [cs]}}
`;
    const r = await run(['taste', 'import', '--team', 'discord:42', '--not-interested', file('lib.bib', bib)]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Took 3 papers \(not interested\) .* from BibTeX/);
    expect(r.out).toContain('line 8: entry "second_2026" has no arXiv id (an eprint or arXiv URL field)');
  });

  it('refuses a file with nothing usable (exit 1), one it cannot read (exit 2) and a bad --team', async () => {
    freshStore();
    const junk = await run(['taste', 'import', '--team', 'discord:42', file('junk.txt', 'hello\nworld\n')]);
    expect(junk.code).toBe(1);
    expect(junk.out).toMatch(/^Took 0 papers .*; 2 lines not used\./);
    const missing = await run(['taste', 'import', '--team', 'discord:42', join(dir, 'nope.txt')]);
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining('cannot read') as string });
    expect(missing.err).toContain('no such file');
    mkdirSync(join(dir, 'folder'), { recursive: true });
    expect((await run(['taste', 'import', '--team', 'discord:42', join(dir, 'folder')])).code).toBe(2);
    const binary = await run(['taste', 'import', '--team', 'discord:42', file('x.bin', Buffer.from([0x89, 0, 1, 2]))]);
    expect(binary).toMatchObject({ code: 2, err: expect.stringContaining('not a text file') as string });
    const team = await run(['taste', 'import', '--team', 'teams', file('ok.txt', '2603.23497')]);
    expect(team).toMatchObject({ code: 2, err: expect.stringContaining('--team must be platform:teamId') as string });
  });
});

describe('paperfeed digest --team', () => {
  interface Json {
    rank: { mode: string; order: string; reason: string };
    papers: { id: string; title: string; upvotes: number; score: number; why: string | null }[];
  }
  const digest = async (...extra: string[]) => {
    const r = await run(['digest', '--team', 'discord:7', '--date', '2026-03-27', '--json', ...extra]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as Json;
  };

  it('prints the day in the team’s order, each paper with its score and why (null where the taste did not move it)', async () => {
    freshStore();
    const before = await digest('--count', '8');
    expect(before.rank).toMatchObject({ mode: 'auto', order: 'hf', reason: 'no-votes' });
    expect(before.papers.every((p) => p.why === null && p.score === p.upvotes)).toBe(true);
    const agents = [...papersOf('2026-03-25'), ...papersOf('2026-03-26')].filter((p) => /\bagents?\b/i.test(p.title));
    expect(agents.length).toBeGreaterThanOrEqual(4);
    const imported = await run([
      'taste',
      'import',
      '--team',
      'discord:7',
      file('agents.txt', agents.map((p) => p.id).join('\n')),
    ]);
    expect(imported.code).toBe(0);
    const after = await digest('--count', '26');
    expect(after.rank).toMatchObject({ mode: 'auto', order: 'taste', reason: 'enough-votes' });
    const hfOrder = [...after.papers].sort((a, b) => b.upvotes - a.upvotes).map((p) => p.id);
    const ids = after.papers.map((p) => p.id);
    expect(ids).not.toEqual(hfOrder);
    const scores = after.papers.map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const p of after.papers) {
      const moved = ids.indexOf(p.id) < hfOrder.indexOf(p.id);
      if (!moved) expect(p.why).toBeNull();
      else if (p.why !== null) expect(p.why.length).toBeLessThanOrEqual(120);
    }
    expect(after.papers.slice(0, 5).some((p) => /agent/i.test(p.title) && p.why !== null)).toBe(true);

    const hf = await digest('--count', '5', '--rank', 'hf');
    expect(hf.rank).toMatchObject({ mode: 'hf', order: 'hf', reason: 'asked' });
    expect(hf.papers.map((p) => p.id)).toEqual(hfOrder.slice(0, 5));
    expect(hf.papers.every((p) => p.why === null)).toBe(true);
  });

  it('refuses an unknown --rank', async () => {
    const r = await run(['digest', '--team', 'discord:7', '--rank', 'best']);
    expect(r).toMatchObject({ code: 2, err: expect.stringContaining('--rank must be auto, team or hf') as string });
  });
});
