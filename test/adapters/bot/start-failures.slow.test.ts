import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordFake, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { createSlackFake, type SlackFake } from '../../fakes/slack/fake.js';
import { TOKEN } from '../../support/discord-bot.js';
import { SECRET } from '../../support/slack-bot.js';
import { freePort, spawnBot } from '../../support/spawn-bot.js';
import { createSqliteBackend } from '../../../src/store/sqlite-backend.js';

let hf: HfFake;
let discord: DiscordFake;
let slack: SlackFake;
let dir: string;

beforeAll(async () => {
  [hf, discord, slack] = await Promise.all([createHfFake(), createDiscordFake(), createSlackFake()]);
  dir = mkdtempSync(join(tmpdir(), 'paperfeed-start-'));
});

afterAll(async () => {
  await Promise.all([hf.close(), discord.close(), slack.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const base = () => ({
  STORE_URL: 'memory://',
  HF_API_URL: hf.url,
  ARXIV_API_URL: `${hf.url}/arxiv/query`,
  LOG_LEVEL: 'warn',
});
const withDiscord = (guildId = '200000000000000001') => ({
  DISCORD_TOKEN: TOKEN,
  DISCORD_API_URL: discord.apiUrl,
  DISCORD_GUILD_ID: guildId,
});
const withSlackHttp = () => ({
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.apiUrl,
});

/**
 * Runs `paperfeed start` until it exits (at most 15 s) and returns its exit code and stderr lines.
 * `lingerMs` is how long the process lived after its last word: a process that closed what it
 * opened exits at once, one held open by a stray connection only by bin's 3-second safety net.
 */
async function failedStart(env: Record<string, string>, options: { withoutRootFileAccess?: boolean } = {}) {
  const bot = spawnBot(env, ['start'], options);
  const exit = await bot.exit(15_000);
  if (!exit) bot.child.kill('SIGKILL');
  expect(exit, `still running after 15 s; it said:\n${bot.stderr()}`).toBeDefined();
  return { code: exit!.code, lines: bot.stderr().trim().split('\n'), lingerMs: exit!.at - bot.lastOutputAt() };
}

describe('paperfeed start exits with one line naming the variable to fix', () => {
  it('when DISCORD_GUILD_ID names a server the bot is not in', async () => {
    const r = await failedStart({ ...base(), PORT: String(await freePort()), ...withDiscord('999999999999999999') });
    expect(r.lines).toEqual([
      'paperfeed: DISCORD_GUILD_ID: the bot is not in guild 999999999999999999; invite it to that server (see README) or fix the id',
    ]);
    expect(r.code).toBe(2);
    expect(r.lingerMs).toBeLessThan(2000);
  });

  it('when Discord rejects DISCORD_TOKEN', async () => {
    const strict = await createDiscordFake({ token: 'another-token-xxxxxxxxxxxxxxxxxxxx' });
    try {
      const r = await failedStart({
        ...base(),
        PORT: String(await freePort()),
        ...withDiscord(),
        DISCORD_API_URL: strict.apiUrl,
      });
      expect(r.lines).toEqual([
        'paperfeed: DISCORD_TOKEN: Discord rejected the token; copy it again from the Developer Portal (Bot → Reset Token)',
      ]);
      expect(r.code).toBe(2);
    } finally {
      await strict.close();
    }
  });

  it('when PORT is already in use, after Discord had connected', async () => {
    const port = await freePort();
    const blocker: Server = await new Promise((resolve) => {
      const s = createServer().listen(port, () => resolve(s));
    });
    try {
      const r = await failedStart({ ...base(), PORT: String(port), ...withDiscord(), ...withSlackHttp() });
      expect(r.lines).toEqual([
        `paperfeed: PORT ${port} is already in use; stop what is listening there or set PORT to a free port`,
      ]);
      expect(r.code).toBe(2);
      expect(r.lingerMs).toBeLessThan(2000);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('when the SQLite file in STORE_URL is corrupt', async () => {
    const file = join(dir, 'corrupt.sqlite');
    writeFileSync(file, 'this is not a database\n'.repeat(200));
    const r = await failedStart({
      ...base(),
      STORE_URL: `sqlite://${file}`,
      PORT: String(await freePort()),
      ...withDiscord(),
    });
    expect(r.lines).toEqual([
      `paperfeed: STORE_URL: ${file} is not a readable SQLite database (corrupt or another kind of file); restore it from a backup or point STORE_URL at a new file`,
    ]);
    expect(r.code).toBe(2);
  });

  it('when the SQLite path in STORE_URL cannot be written', async () => {
    // A regular file where the folder should be: unwritable for any user, root included.
    const notADir = join(dir, 'plain-file');
    writeFileSync(notADir, '');
    const file = join(notADir, 'paperfeed.sqlite');
    const r = await failedStart({
      ...base(),
      STORE_URL: `sqlite://${file}`,
      PORT: String(await freePort()),
      ...withDiscord(),
    });
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(
      new RegExp(
        `^paperfeed: STORE_URL: cannot open ${file} for writing \\(EEXIST: .*plain-file.*\\); check that its folder exists and is writable by this user$`,
      ),
    );
    expect(r.code).toBe(2);
  });

  it('when the SQLite file in STORE_URL is read-only, before connecting to Discord', async () => {
    const file = join(dir, 'read-only.sqlite');
    await createSqliteBackend(file).close(); // a store the bot made on an earlier run
    chmodSync(file, 0o444);
    // The folder stays writable (SQLite opens the file read-only and finds out at the first write);
    // root writes a 0444 file anyway, so as root the bot runs without that power.
    const seen = discord.requests.length;
    const r = await failedStart(
      { ...base(), STORE_URL: `sqlite://${file}`, PORT: String(await freePort()), ...withDiscord() },
      { withoutRootFileAccess: true },
    );
    expect(r.lines).toEqual([
      `paperfeed: STORE_URL: ${file} is read-only for this user (attempt to write a readonly database); make the file and its folder writable by the user running paperfeed, or point STORE_URL at a writable file`,
    ]);
    expect(r.code).toBe(2);
    expect(discord.requests.slice(seen)).toEqual([]);
  });
});
