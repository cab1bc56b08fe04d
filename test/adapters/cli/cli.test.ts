import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../../adapters/cli/main.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

async function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), columns: 100 };
  const code = await main(
    args,
    { STORE_URL: 'memory://', HF_API_URL: hf.url, ARXIV_API_URL: 'http://127.0.0.1:9/api/query', ...env },
    io,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('paperfeed CLI', () => {
  it("prints a day's papers highest upvoted first", async () => {
    const r = await run(['digest', '--date', '2026-06-12']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Hugging Face Daily Papers · Friday, 12 June 2026 · 30 papers/);
    const scores = [...r.out.matchAll(/^\s*\d+\. ▲ (\d+)/gm)].map((m) => Number(m[1]));
    expect(scores).toHaveLength(30);
    expect(scores.slice(0, 3)).toEqual([118, 103, 74]);
    expect(r.out).toContain('https://huggingface.co/papers/2606.13681');
  });

  it('says that it printed every paper of the day, and how to print fewer', async () => {
    expect((await run(['digest', '--date', '2026-06-12'])).err).toBe(
      'note: all 30 papers of Friday, 12 June 2026; --count N for fewer.',
    );
    const top3 = await run(['digest', '--date', '2026-06-12', '--count', '3']);
    expect(top3.out).toMatch(/^Hugging Face Daily Papers · Friday, 12 June 2026 · 30 papers \(top 3\)/);
    expect(top3.err).toBe('');
  });

  it.each([
    ['digest', /^Usage: paperfeed digest \[--date YYYY-MM-DD\] \[--count N\] \[--json\]\n/],
    ['search', /^Usage: paperfeed search <query…>/],
    ['top', /^Usage: paperfeed top --team platform:teamId/],
    ['doctor', /^Usage: paperfeed doctor\n/],
    ['deploy-commands', /--clear-guild +remove the server's commands instead/],
    ['start', /^Usage: paperfeed start\n/],
    ['shard-manager', /^Usage: paperfeed shard-manager\n/],
  ])('answers `%s --help` with its usage, without configuration or running it', async (command, usage) => {
    // PORT: 'x' would stop any command that reads the configuration.
    for (const args of [
      [command, '--help'],
      [command, '-h'],
      ['help', command],
    ]) {
      const r = await run(args, { PORT: 'x' });
      expect(r.out).toMatch(usage);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it.each([
    [
      ['digest', '--cuont', '3'],
      'paperfeed: Unknown option \'--cuont\'. Did you mean --count? "paperfeed digest --help" lists its options.',
    ],
    [
      ['search', 'x', '--limt', '3'],
      'paperfeed: Unknown option \'--limt\'. Did you mean --limit? "paperfeed search --help" lists its options.',
    ],
    [
      ['digets'],
      'paperfeed: unknown command "digets". Did you mean "paperfeed digest"? "paperfeed --help" lists the commands.',
    ],
    [['help', 'frobnicate'], 'paperfeed: unknown command "frobnicate". "paperfeed --help" lists the commands.'],
  ])('answers the typo %j with what was meant, in one line', async (args, line) => {
    const r = await run(args);
    expect(r.err).toBe(line);
    expect(r.code).toBe(2);
  });

  it('prints the same day as stable JSON', async () => {
    const r = await run(['digest', '--date', '2026-06-12', '--json', '--count', '3']);
    const json = JSON.parse(r.out) as {
      date: string;
      total: number;
      papers: { rank: number; id: string; upvotes: number; pdfUrl: string }[];
    };
    expect(json.date).toBe('2026-06-12');
    expect(json.total).toBe(30);
    expect(json.papers.map((p) => [p.rank, p.id, p.upvotes])).toEqual([
      [1, '2606.13681', 118],
      [2, '2606.13392', 103],
      [3, '2606.08063', 74],
    ]);
    expect(json.papers[0]!.pdfUrl).toBe('https://arxiv.org/pdf/2606.13681');
  });

  it('says so on a day without papers', async () => {
    const r = await run(['digest', '--date', '2026-06-13']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('No papers were featured on Hugging Face Daily Papers for 2026-06-13');
  });

  it('searches and prints results', async () => {
    const r = await run(['search', 'kazakh', 'speech', '--limit', '3']);
    expect(r.code).toBe(0);
    expect(r.out.match(/^\s*\d+\. /gm)).toHaveLength(3);
  });

  it.each([
    [['digest', '--date', '2026-02-30'], 2, '--date must be a calendar date written YYYY-MM-DD, not "2026-02-30"'],
    [['digest', '--date', 'tomorrow'], 2, 'not "tomorrow"'],
    [['digest', '--colour'], 2, "Unknown option '--colour'"],
    [['digest', '--count', '0'], 2, '--count must be a whole number from 1 to 100'],
    [['search'], 2, 'search needs a query'],
    [['frobnicate'], 2, 'unknown command "frobnicate"'],
  ])('rejects %j with one clear line', async (args, code, message) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('reports an unreachable Hugging Face in one line with exit 1', async () => {
    const r = await run(['digest', '--date', '2026-06-12'], { HF_API_URL: 'http://127.0.0.1:9' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^paperfeed: Hugging Face unreachable: .*check the network or HF_API_URL\.$/);
  });

  it('refuses a bad configuration with exit 2 and never prints the token', async () => {
    const r = await run(['digest'], { PORT: 'x', SLACK_BOT_TOKEN: 'xoxp-very-secret-token' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('PORT: must be a number');
    expect(r.err).not.toContain('xoxp-very-secret-token');
  });

  it('explains how to configure a platform when none is, Socket Mode included', async () => {
    const r = await run(['start']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'paperfeed: no platform configured.\n' +
        'Set DISCORD_TOKEN (Discord), or SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Slack in Socket Mode: no public URL) or with SLACK_SIGNING_SECRET (Slack over HTTP), in the environment or .env; see README.md.',
    );
  });

  it('explains that the shard manager needs a Discord token', async () => {
    const r = await run(['shard-manager']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('set DISCORD_TOKEN');
  });
});
