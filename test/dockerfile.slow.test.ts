import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordFake, DEFAULTS, type DiscordFake } from './fakes/discord/fake.js';
import { createHfFake, type HfFake } from './fakes/hf-fake.js';
import { createSlackFake, type SlackFake } from './fakes/slack/fake.js';
import { TOKEN } from './support/discord-bot.js';
import { copyContext, parseDockerfile, runStage } from './support/dockerfile.js';
import { SECRET } from './support/slack-bot.js';
import { freePort } from './support/spawn-bot.js';

/*
 * No container engine runs here, so this runs the Dockerfile's own npm and node commands, stage by
 * stage, in a clean copy of the repository. Slow (minutes): the deps stage's `npm ci --omit=dev`
 * compiles better-sqlite3 from source as the image does. Packages come from npm's cache.
 */
const SLOW_MS = 15 * 60_000;
const dockerfile = readFileSync('Dockerfile', 'utf8');
const stages = parseDockerfile(dockerfile);
const runtime = stages.at(-1)!;
const step = (op: string) => runtime.steps.find((s) => s.op === op)?.args ?? '';
let dir = '';
let app = '';
const ran: string[] = [];
let hf: HfFake;
let discord: DiscordFake;
let slack: SlackFake;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperfeed-image-'));
  copyContext(process.cwd(), join(dir, 'context'));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_PROXY: process.env.NO_PROXY };
  const dirs = new Map<string, string>();
  // Stages built from the same earlier stage (deps and build) run side by side, as BuildKit runs them.
  for (let i = 0; i < stages.length;) {
    let j = i + 1;
    while (j < stages.length && dirs.has(stages[i]!.from) && stages[j]!.from === stages[i]!.from) j++;
    const group = stages.slice(i, j);
    for (const r of await Promise.all(
      group.map((s) => runStage(s, join(dir, s.name || 'runtime'), join(dir, 'context'), dirs, env)),
    ))
      ran.push(...r);
    i = j;
  }
  app = join(dir, runtime.name || 'runtime');
  [hf, discord, slack] = await Promise.all([createHfFake(), createDiscordFake(), createSlackFake()]);
}, SLOW_MS);

afterAll(async () => {
  await Promise.all([hf?.close(), discord?.close(), slack?.close()]);
  await rm(dir, { recursive: true, force: true }); // three stages' node_modules: slow on a busy disk
}, 120_000);

describe('the container image (Dockerfile commands in a clean copy)', () => {
  it('installs production dependencies with npm ci --omit=dev and builds with npm run build', () => {
    expect(ran).toEqual(expect.arrayContaining(['npm ci --omit=dev --no-audit --no-fund', 'npm run build']));
    expect(existsSync(join(app, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(
      true,
    );
    expect(
      ['esbuild', 'vitest', 'tsx', 'typescript'].filter((dev) => existsSync(join(app, 'node_modules', dev))),
    ).toEqual([]);
  });

  it('runs as a non-root user with SQLite on the /data volume, checking health on /readyz', () => {
    expect(step('USER')).toBe('node');
    expect(step('VOLUME')).toContain('/data');
    expect(step('ENV')).toContain('STORE_URL=sqlite:///data/paperfeed.sqlite');
    expect(step('HEALTHCHECK')).toContain('/readyz');
    expect(stages[0]!.from).toMatch(/^node:\$\{NODE_VERSION\}-slim$/);
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=20$/m);
  });

  it('starts, answers /livez and /readyz, passes its HEALTHCHECK, and stops on SIGTERM within Docker’s 10 s', async () => {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      PORT: String(port),
      STORE_URL: `sqlite://${join(dir, 'data', 'paperfeed.sqlite')}`,
      LOG_LEVEL: 'warn',
      HF_API_URL: hf.url,
      ARXIV_API_URL: `${hf.url}/arxiv/query`,
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: DEFAULTS.guildId,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
    };
    const [command, ...args] = JSON.parse(step('CMD')) as string[];
    const bot = spawn(command!, args, { cwd: app, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    bot.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => bot.once('exit', resolve));
    try {
      const end = Date.now() + 30_000;
      while (
        (await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        )) !== 200
      ) {
        if (Date.now() > end || bot.exitCode !== null) throw new Error(`not ready:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
      const [hcCommand, ...hcArgs] = JSON.parse(step('HEALTHCHECK').replace(/^.*?CMD\s+/, '')) as string[];
      expect(spawnSync(hcCommand!, hcArgs, { env, timeout: 5000 }).status).toBe(0);
      const stopAt = Date.now();
      bot.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - stopAt).toBeLessThan(10_000);
    } finally {
      if (bot.exitCode === null) bot.kill('SIGKILL');
    }
  }, 60_000);

  it('answers `paperfeed --help` from a small entry file that loads neither discord.js, Bolt nor zod', () => {
    const help = spawnSync('node', ['bin/paperfeed.js', '--help'], { cwd: app, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: paperfeed <command>/);
    const meta = JSON.parse(readFileSync(join(app, 'dist', 'meta.json'), 'utf8')) as {
      outputs: Record<string, { imports: { path: string; kind: string }[]; inputs: Record<string, unknown> }>;
    };
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file) || !meta.outputs[file]) return;
      loaded.add(file);
      for (const i of meta.outputs[file].imports) if (i.kind === 'import-statement') visit(i.path);
    };
    visit('dist/paperfeed.js');
    const inputs = [...loaded].flatMap((f) => Object.keys(meta.outputs[f]!.inputs));
    expect(inputs.filter((i) => /node_modules\/(discord\.js|@slack\/bolt|zod)\//.test(i))).toEqual([]);
  });
});
