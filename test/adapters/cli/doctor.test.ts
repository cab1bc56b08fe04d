import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../../adapters/cli/main.js';
import { INVITE_PERMISSION_INTEGER, INVITE_PERMISSIONS } from '../../../adapters/discord/invite.js';
import { manifestBotScopes, readManifestBotScopes } from '../../../adapters/slack/manifest.js';
import { createDiscordFake, DEFAULTS, type DiscordFake } from '../../fakes/discord/fake.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { createSlackFake, DEFAULT_SCOPES, type SlackFake } from '../../fakes/slack/fake.js';

const TOKEN = 'MTAxMDAwMDAwMDAwMDAwMDAx.GaBcDe.fake-discord-token-value';
let hf: HfFake;
let discord: DiscordFake;
let slack: SlackFake;
let slackNarrow: SlackFake;
/** A server the bot joined with the old link (84992), and one where its role lost Embed Links. */
let discordOldInvite: DiscordFake;
const guild = (botPermissions: bigint, everyone = 0n) => ({
  guilds: [
    {
      id: DEFAULTS.guildId,
      everyonePermissions: everyone.toString(),
      botPermissions: botPermissions.toString(),
      channels: [{ id: DEFAULTS.channelId, name: 'papers' }],
    },
  ],
});
const bits = (...names: (keyof typeof INVITE_PERMISSIONS)[]) =>
  names.reduce((a, n) => a | INVITE_PERMISSIONS[n].bit, 0n);
const OLD_INVITE = bits('ViewChannel', 'SendMessages', 'EmbedLinks', 'ReadMessageHistory');
beforeAll(async () => {
  [hf, discord, slack, slackNarrow, discordOldInvite] = await Promise.all([
    createHfFake(),
    createDiscordFake({ token: TOKEN, ...guild(BigInt(INVITE_PERMISSION_INTEGER)) }),
    createSlackFake(),
    createSlackFake({ scopes: ['commands', 'chat:write', 'reactions:read', 'users:read'] }),
    createDiscordFake({ token: TOKEN, ...guild(OLD_INVITE) }),
  ]);
});
afterAll(() =>
  Promise.all([hf.close(), discord.close(), slack.close(), slackNarrow.close(), discordOldInvite.close()]),
);

async function doctor(env: Record<string, string> = {}) {
  const out: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => out.push(t), columns: 100 };
  const code = await main(
    ['doctor'],
    { STORE_URL: 'memory://', HF_API_URL: hf.url, ARXIV_API_URL: `${hf.url}/arxiv/query`, ...env },
    io,
  );
  return { code, out: out.join('\n') };
}

const discordEnv = (extra: Record<string, string> = {}) => ({
  DISCORD_TOKEN: TOKEN,
  DISCORD_API_URL: discord.apiUrl,
  ...extra,
});
const slackEnv = (fake: SlackFake) => ({
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'secret-secret',
  SLACK_API_URL: fake.apiUrl,
});

describe('paperfeed doctor', () => {
  it('fails with ✗ and exit 1 when no platform is configured', async () => {
    const r = await doctor();
    expect(r.out).toMatch(/^✓ Store: memory \(single instance\), write, read and delete work$/m);
    expect(r.out).toMatch(/^✓ Hugging Face: http:\/\/127\.0\.0\.1:\d+ answered$/m);
    expect(r.out).toMatch(/^✗ Platforms: none configured; set DISCORD_TOKEN .*SLACK_BOT_TOKEN/m);
    expect(r.code).toBe(1);
  });

  it('passes with Discord: token, server, and the invite link with the real application id', async () => {
    const r = await doctor(discordEnv({ DISCORD_GUILD_ID: '200000000000000001' }));
    expect(r.out).toMatch(/^✓ Discord token: logged in as testbot \(user id 100000000000000001\)$/m);
    expect(r.out).toMatch(/^✓ Discord server: in Test Guild \(200000000000000001\); \/papers is registered there$/m);
    expect(r.out).toContain(
      `✓ Discord invite: https://discord.com/oauth2/authorize?client_id=${discord.applicationId}&scope=bot+applications.commands&permissions=309237730384`,
    );
    expect(r.out).toMatch(/^✓ Discord permissions: the bot has all 8 the layouts need in Test Guild/m);
    expect(r.out).not.toMatch(/^[✗!]/m);
    expect(r.code).toBe(0);
  });

  it('says under the invite link what each permission is for, layout by layout', async () => {
    const r = await doctor(discordEnv());
    const invite = r.out.slice(r.out.indexOf('✓ Discord invite:')).split('\n').slice(1, 9);
    expect(invite).toEqual([
      '    View Channel (every layout): see the channels it posts in',
      '    Send Messages (every layout): post the daily papers, and forum posts',
      '    Embed Links (every layout): show each paper as a card',
      '    Read Message History (every layout): find a post whose answer was lost before sending it again',
      '    Add Reactions (the compact layout): add the numbered reactions 1️⃣–🔟 people vote with',
      "    Create Public Threads (the thread layout): start the day's thread on its header",
      '    Send Messages in Threads (the thread layout): post the papers in that thread',
      "    Manage Channels (the forum layout): create the forum's day and topic tags (without it posts carry the tags that exist); granting it on the forum channel alone is enough",
    ]);
  });

  it('names what a bot invited with the old link lacks, and which layouts misbehave without it', async () => {
    const r = await doctor({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: discordOldInvite.apiUrl,
      DISCORD_GUILD_ID: DEFAULTS.guildId,
    });
    expect(r.out).toMatch(
      /^! Discord permissions: in Test Guild the bot lacks Add Reactions \(compact\), Create Public Threads \(thread\), Send Messages in Threads \(thread\), Manage Channels \(forum\); feeds with those layouts fail until its role has them: open the invite link above again, or grant them in Server Settings → Roles$/m,
    );
    // Only what some layouts need is missing: a warning, not a failure.
    expect(r.code).toBe(0);
  });

  it('fails when the bot lacks what every layout needs, counting @everyone and Administrator', async () => {
    const lost = await createDiscordFake({ token: TOKEN, ...guild(bits('ViewChannel', 'SendMessages')) });
    const admin = await createDiscordFake({ token: TOKEN, ...guild(1n << 3n) });
    const everyone = await createDiscordFake({ token: TOKEN, ...guild(0n, BigInt(INVITE_PERMISSION_INTEGER)) });
    const run = (fake: DiscordFake) =>
      doctor({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: DEFAULTS.guildId });
    try {
      const r = await run(lost);
      expect(r.out).toMatch(
        /^✗ Discord permissions: in Test Guild the bot lacks Embed Links \(every layout\), Read Message History \(every layout\), Add Reactions \(compact\), .*; /m,
      );
      expect(r.code).toBe(1);
      expect((await run(admin)).out).toMatch(/^✓ Discord permissions: the bot has all 8 .*\(Administrator\)/m);
      expect((await run(everyone)).out).toMatch(/^✓ Discord permissions: the bot has all 8 /m);
    } finally {
      await Promise.all([lost.close(), admin.close(), everyone.close()]);
    }
  });

  it('counts the servers when /papers is global', async () => {
    const r = await doctor(discordEnv());
    expect(r.out).toMatch(
      /^✓ Discord server: in 1 server; \/papers is registered globally \(DISCORD_GUILD_ID not set\)$/m,
    );
  });

  it('fails when the bot is not in the DISCORD_GUILD_ID server, and still prints the invite link', async () => {
    const r = await doctor(discordEnv({ DISCORD_GUILD_ID: '299999999999999999' }));
    expect(r.out).toMatch(
      /^✗ Discord server: the bot is not in server 299999999999999999 \(DISCORD_GUILD_ID\); invite it/m,
    );
    expect(r.out).toMatch(/^✓ Discord invite: https:\/\/discord\.com\/oauth2\/authorize\?client_id=/m);
    expect(r.code).toBe(1);
  });

  it('fails on a Discord token Discord rejects and skips the checks that need it', async () => {
    const r = await doctor(discordEnv({ DISCORD_TOKEN: 'MTAxMDAwMDAwMDAwMDAwMDAx.GaBcDe.a-wrong-token-value' }));
    expect(r.out).toMatch(/^✗ Discord token: Discord rejected DISCORD_TOKEN \(401\)/m);
    expect(r.out).toMatch(/^✗ Discord server: skipped: the token check failed$/m);
    expect(r.out).toMatch(/^✗ Discord invite: skipped: the token check failed$/m);
    expect(r.out).not.toContain('a-wrong-token-value');
    expect(r.code).toBe(1);
  });

  it('passes with Slack when the token has every scope slack/manifest.yml asks for', async () => {
    const r = await doctor(slackEnv(slack));
    expect(r.out).toMatch(/^✓ Slack token: logged in as paperfeed in Test, HTTP on port 3000$/m);
    expect(r.out).toMatch(/^✓ Slack scopes: the 10 slack\/manifest\.yml asks for \(commands, chat:write, /m);
    expect(r.code).toBe(0);
  });

  it('names the Slack scopes the token lacks and says to reinstall', async () => {
    const r = await doctor(slackEnv(slackNarrow));
    expect(r.out).toMatch(
      /^✗ Slack scopes: missing channels:history, groups:history, reactions:write, files:write, im:write, im:history; .*reinstall the app/m,
    );
    expect(r.code).toBe(1);
  });

  it('checks the Socket Mode token when SLACK_APP_TOKEN is set', async () => {
    const r = await doctor({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slack.apiUrl });
    expect(r.out).toMatch(/^✓ Slack token: .*, Socket Mode$/m);
    expect(r.out).toMatch(/^✓ Slack Socket Mode: SLACK_APP_TOKEN opens a connection$/m);
  });

  it('fails when the store cannot be written', async () => {
    // A regular file where the folder should be: unwritable for any user, root included.
    const dir = mkdtempSync(join(tmpdir(), 'paperfeed-doctor-'));
    writeFileSync(join(dir, 'plain-file'), '');
    const r = await doctor({ ...slackEnv(slack), STORE_URL: `sqlite://${join(dir, 'plain-file', 'x.sqlite')}` });
    rmSync(dir, { recursive: true, force: true });
    expect(r.out).toMatch(/^✗ Store: .*cannot open .*plain-file.* for writing/m);
    expect(r.code).toBe(1);
  });

  it('fails when Hugging Face cannot be reached', async () => {
    const r = await doctor({ ...slackEnv(slack), HF_API_URL: 'http://127.0.0.1:9' });
    expect(r.out).toMatch(/^✗ Hugging Face: unreachable/m);
    expect(r.code).toBe(1);
  });
});

describe('what doctor compares against', () => {
  it('reads the bot scopes from slack/manifest.yml, comments and all', () => {
    const text = readFileSync('slack/manifest.yml', 'utf8');
    expect(readManifestBotScopes()).toEqual(manifestBotScopes(text));
    expect(new Set(manifestBotScopes(text))).toEqual(new Set(DEFAULT_SCOPES));
    const yaml =
      'oauth_config:\n  scopes:\n    user:\n      - search:read\n    bot:\n      # why\n      - commands # inline\n      - "chat:write"\nsettings:\n  x: 1\n';
    expect(manifestBotScopes(yaml)).toEqual(['commands', 'chat:write']);
  });

  it('invites with the permission integer the README and docs/discord.md name, from discord.js bits', () => {
    const flags = Object.keys(INVITE_PERMISSIONS).map(
      (k) => PermissionFlagsBits[k as keyof typeof PermissionFlagsBits],
    );
    expect(Object.values(INVITE_PERMISSIONS).map((p) => p.bit)).toEqual(flags);
    expect(Object.keys(INVITE_PERMISSIONS)).toEqual(
      expect.arrayContaining(['AddReactions', 'CreatePublicThreads', 'SendMessagesInThreads', 'ManageChannels']),
    );
    expect(INVITE_PERMISSION_INTEGER).toBe('309237730384');
    for (const doc of ['README.md', 'docs/discord.md'])
      expect(readFileSync(doc, 'utf8'), doc).toContain(`permissions=${INVITE_PERMISSION_INTEGER}`);
  });
});
