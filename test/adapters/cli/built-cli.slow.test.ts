import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_COMMANDS } from '../../../adapters/cli/usage.js';
import { createDiscordFake, DEFAULTS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { buildBotInto } from '../../support/built-bot.js';
import { TOKEN } from '../../support/discord-bot.js';
import { freePort } from '../../support/spawn-bot.js';

/*
 * `npx paperfeed <command>` as a team runs it: bin/paperfeed.js over the esbuild bundle of these
 * sources (scripts/build.js, into a temp folder: never dist/ itself), as a child process on the
 * local fakes. The fast tests run the same commands through tsx, which resolves modules as Node
 * does; only the bundle shows what esbuild changed (a dynamic import of a CommonJS package, say).
 */
let dir = '';
let bin = '';
let hf: HfFake;
let discord: DiscordFake;
const GUILD = DEFAULTS.guildId;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperfeed-cli-'));
  buildBotInto(dir);
  mkdirSync(join(dir, 'bin'));
  bin = join(dir, 'bin', 'paperfeed.js');
  copyFileSync('bin/paperfeed.js', bin);
  [hf, discord] = await Promise.all([createHfFake(), createDiscordFake()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([hf?.close(), discord?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => discord.commands.clear());

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a run: the fakes, a store of its own, and nothing from this machine's. */
const baseEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  STORE_URL: `sqlite://${join(dir, 'paperfeed.sqlite')}`,
  HF_API_URL: hf.url,
  ARXIV_API_URL: `${hf.url}/arxiv/query`,
  PORT: '0',
});
const discordEnv = () => ({ ...baseEnv(), DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl });

/** `paperfeed <args>` from the build, in the build's folder (where a `.env` would be read). */
function paperfeed(args: string[], env: Record<string, string> = baseEnv()): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, cwd: dir, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running command, waits until `/readyz` on `port` answers 200, then sends SIGTERM. */
async function runUntilReady(args: string[], env: Record<string, string>, port: number): Promise<Ran> {
  const child = spawn(process.execPath, [bin, ...args], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  const end = Date.now() + 30_000;
  const ready = () =>
    fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
  while (!(await ready())) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`paperfeed ${args.join(' ')} did not get ready:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  return { code: await exited, stdout, stderr };
}

const names = (scope: string) => (discord.commands.get(scope) ?? []).map((c) => c.name);

describe('paperfeed from the build (bin/paperfeed.js over dist/)', () => {
  it.each(Object.keys(CLI_COMMANDS))(
    'answers `%s --help` with its usage and exit 0, with nothing configured',
    async (name) => {
      const r = await paperfeed([name, '--help'], { PATH: process.env.PATH ?? '' });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^Usage: paperfeed ${name}`));
      expect(r.code).toBe(0);
    },
  );

  it('answers --help with every command, and help <command> as <command> --help', async () => {
    const all = await paperfeed(['--help']);
    for (const name of Object.keys(CLI_COMMANDS)) expect(all.stdout).toContain(`  ${name}`);
    expect((await paperfeed(['help', 'digest'])).stdout).toBe((await paperfeed(['digest', '--help'])).stdout);
  });

  it("digest prints a day's papers and says when it shows all of them", async () => {
    const r = await paperfeed(['digest', '--date', '2026-06-12']);
    expect(r.stdout).toMatch(/^Hugging Face Daily Papers · Friday, 12 June 2026 · 30 papers/);
    expect(r.stdout).toContain('https://huggingface.co/papers/2606.13681');
    expect(r.stderr).toBe('note: all 30 papers of Friday, 12 June 2026; --count N for fewer.\n');
    expect(r.code).toBe(0);
    const json = await paperfeed(['digest', '--date', '2026-06-12', '--json', '--count', '2']);
    expect((JSON.parse(json.stdout) as { papers: unknown[] }).papers).toHaveLength(2);
  });

  it('search prints results', async () => {
    const r = await paperfeed(['search', 'kazakh', 'speech', '--limit', '3']);
    expect(r.stdout.match(/^\s*\d+\. /gm)).toHaveLength(3);
    expect(r.code).toBe(0);
  });

  it("top reads a team's leaderboard from the store", async () => {
    const r = await paperfeed(['top', '--team', `discord:${GUILD}`, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ team: `discord:${GUILD}`, papers: [] });
    expect(r.code).toBe(0);
  });

  it('doctor checks the store, Hugging Face, arXiv and Discord', async () => {
    const r = await paperfeed(['doctor'], { ...discordEnv(), DISCORD_GUILD_ID: GUILD });
    expect(r.stdout).toMatch(/^✓ Store: sqlite/m);
    expect(r.stdout).toMatch(/^✓ Hugging Face: /m);
    expect(r.stdout).toMatch(/^✓ Discord server: in Test Guild/m);
    expect(r.stdout).toMatch(/^✓ Discord invite: https:\/\/discord\.com\/oauth2\/authorize\?client_id=/m);
    expect(r.code).toBe(0);
  });

  it('deploy-commands --guild registers /papers in that server', async () => {
    const r = await paperfeed(['deploy-commands', '--guild', GUILD], discordEnv());
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`✓ /papers registered in server ${GUILD} (shows there at once)\n`);
    expect(names(GUILD)).toEqual(['papers']);
    expect(r.code).toBe(0);
  });

  it('deploy-commands without --guild registers /papers globally', async () => {
    const r = await paperfeed(['deploy-commands'], discordEnv());
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('✓ /papers registered globally');
    expect(names('global')).toEqual(['papers']);
    expect(r.code).toBe(0);
  });

  it('start runs the Discord bot until SIGTERM', async () => {
    const port = await freePort();
    const r = await runUntilReady(['start'], { ...discordEnv(), PORT: String(port), DISCORD_GUILD_ID: GUILD }, port);
    expect(names(GUILD)).toEqual(['papers']);
    expect(r.code).toBe(0);
  });

  it('shard-manager runs a shard process that serves health, until SIGTERM', async () => {
    const port = await freePort();
    const r = await runUntilReady(
      ['shard-manager'],
      { ...discordEnv(), PORT: String(port), DISCORD_GUILD_ID: GUILD },
      port,
    );
    expect(r.stderr).toContain('starting one process per Discord shard');
    expect(r.code).toBe(0);
  }, 60_000);
});
