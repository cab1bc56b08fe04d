import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiscordFake, DEFAULTS } from '../test/fakes/discord/fake.js';
import { createHfFake } from '../test/fakes/hf-fake.js';
import { createSlackFake } from '../test/fakes/slack/fake.js';
import { TOKEN } from '../test/support/discord-bot.js';
import { SECRET } from '../test/support/slack-bot.js';
import { freePort } from '../test/support/spawn-bot.js';
import { percentile } from './machine.js';
import { copy, storedPapers } from './stored.js';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = 5;
/** Stored papers per row: none, a year of a few categories, ten. */
const SIZES = [0, 20_000, 200_000];

/** How each start is launched: the TypeScript through tsx (what `npm start` ran before), or the build (`npm start`). */
const STARTS = {
  tsx: ['--import', 'tsx', 'adapters/cli/run.ts', 'start'],
  compiled: ['bin/paperfeed.js', 'start'],
};

interface Sample {
  readyMs: number;
  rssMiB: number;
  /** Of it, pages of mapped files (the SQLite store's memory map among them), which the kernel can take back. */
  fileMiB: number;
  /** CPU time the bot used until ready (user + system): what other work on a shared machine does not stretch. */
  cpuMs: number;
}

/**
 * Spawn → first `/healthz` 200 (readiness: store answering, Discord's gateway ready, Slack's HTTP
 * receiver listening) with both platforms on local fakes, and the resident memory at that moment;
 * for the tsx start and the compiled start, with a SQLite store holding 0, 20k and 200k papers
 * (`stored.ts`; the same copy serves every run of a size).
 */
export async function benchStart(): Promise<string[]> {
  if (!existsSync(join(ROOT, 'dist/paperfeed.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const [hf, discord, slack] = await Promise.all([createHfFake(), createDiscordFake(), createSlackFake()]);
  const dir = mkdtempSync(join(tmpdir(), 'paperfeed-start-'));
  try {
    const env = (store: string, port: number): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      STORE_URL: `sqlite://${store}`,
      HF_API_URL: hf.url,
      ARXIV_API_URL: `${hf.url}/arxiv/query`,
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: DEFAULTS.guildId,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
    });
    const stores = new Map<number, string>();
    for (const n of SIZES) {
      const store = join(dir, `papers-${n}.sqlite`);
      if (n > 0) copy(await storedPapers(n), store);
      stores.set(n, store);
    }
    const figures = new Map(SIZES.map((n) => [n, { tsx: [] as Sample[], compiled: [] as Sample[] }]));
    // Interleaved by size and kind, so a busy moment of a shared machine does not land on one only.
    for (let run = 0; run < RUNS; run++) {
      for (const n of SIZES) {
        for (const [kind, args] of Object.entries(STARTS) as [keyof typeof STARTS, string[]][]) {
          figures.get(n)![kind].push(await startOnce(args, env(stores.get(n)!, await freePort())));
        }
      }
    }
    const rows = SIZES.map((n) =>
      row(n === 0 ? 'no papers' : `${n / 1000}k papers`, figures.get(n)!.tsx, figures.get(n)!.compiled),
    );
    return [
      `start: spawn → /healthz 200 with Discord and Slack on local fakes, SQLite store; median (max) of ${RUNS} runs (targets at 200k papers: ready ≤ 1.0 s, RSS ≤ 150 MiB)`,
      `  ${'store'.padEnd(12)} ${'tsx start: ready (max), CPU, RSS (file pages)'.padEnd(48)} compiled start (npm start)`,
      ...rows,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([hf.close(), discord.close(), slack.close()]);
  }
}

function row(name: string, tsx: Sample[], compiled: Sample[]): string {
  const cell = (s: Sample[]) => {
    const ready = s.map((x) => x.readyMs);
    const rss = s.map((x) => x.rssMiB);
    const cpu = s.map((x) => x.cpuMs);
    const file = s.map((x) => x.fileMiB);
    return `${(percentile(ready, 50) / 1000).toFixed(2)} s (${(Math.max(...ready) / 1000).toFixed(2)}), CPU ${(percentile(cpu, 50) / 1000).toFixed(2)} s, ${percentile(rss, 50).toFixed(0)} MiB (${percentile(file, 50).toFixed(0)} file)`;
  };
  return `  ${name.padEnd(12)} ${cell(tsx).padEnd(48)} ${cell(compiled)}`;
}

/** One start: spawn, poll `/healthz` every 10 ms until 200, read VmRSS, then SIGTERM and wait for the exit. */
async function startOnce(args: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}:\n${stderr}`);
      if (performance.now() - started > 30_000) throw new Error(`not ready after 30 s:\n${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${env.PORT}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const readyMs = performance.now() - started;
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    const rssKiB = kib('VmRSS');
    // utime and stime, in clock ticks (100 a second on Linux), after the command name's closing parenthesis.
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
    return { readyMs, rssMiB: rssKiB / 1024, fileMiB: kib('RssFile') / 1024, cpuMs };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
