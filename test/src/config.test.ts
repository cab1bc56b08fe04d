import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

const DISCORD = 'MTAxMDAwMDAwMDAwMDAwMDAx.GaBcDe.fake-discord-token-value';

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      storeUrl: 'sqlite://./data/paperfeed.sqlite',
      hfApiUrl: 'https://huggingface.co',
      arxivApiUrl: 'https://export.arxiv.org/api/query',
      port: 3000,
      voteEmoji: '👍',
      logLevel: 'info',
    });
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', PORT: ' ' }).port).toBe(3000);
  });

  it('builds the platform sections from their variables', () => {
    const c = loadConfig({
      DISCORD_TOKEN: DISCORD,
      DISCORD_GUILD_ID: '200000000000000001',
      DISCORD_API_URL: 'http://127.0.0.1:5000/api/',
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: 'secret-secret',
      SLACK_ADMIN_USERS: 'U1, U2',
    });
    expect(c.discord).toEqual({ token: DISCORD, apiUrl: 'http://127.0.0.1:5000/api', guildId: '200000000000000001' });
    expect(c.slack).toMatchObject({
      botToken: 'xoxb-1-2-3',
      adminUsers: ['U1', 'U2'],
      apiUrl: 'https://slack.com/api/',
    });
    expect(c.secrets).toEqual(expect.arrayContaining([DISCORD, 'xoxb-1-2-3', 'secret-secret']));
  });

  it('runs every shard DISCORD_SHARDS names in this process, or the one a shard manager hands over', () => {
    const discord = (env: Record<string, string>) => loadConfig({ DISCORD_TOKEN: DISCORD, ...env }).discord;
    expect(discord({})).not.toHaveProperty('shards');
    expect(discord({ DISCORD_SHARDS: 'auto' })).toMatchObject({ shards: 'auto' });
    expect(discord({ DISCORD_SHARDS: '3' })).toMatchObject({ shards: [0, 1, 2], shardCount: 3 });
    // discord.js's ShardingManager sets SHARDS and SHARD_COUNT in each process it spawns.
    expect(discord({ DISCORD_SHARDS: '4', SHARDS: '2', SHARD_COUNT: '4' })).toMatchObject({
      shards: [2],
      shardCount: 4,
    });
  });

  it.each([
    [{ DISCORD_TOKEN: DISCORD, DISCORD_SHARDS: 'many' }, 'DISCORD_SHARDS: must be auto or a number of shards'],
    [{ DISCORD_TOKEN: DISCORD, DISCORD_SHARDS: '0' }, 'DISCORD_SHARDS: must be auto or a number of shards'],
    [{ DISCORD_TOKEN: DISCORD, SHARDS: '1' }, 'SHARDS: set together with SHARD_COUNT'],
    [{ DISCORD_TOKEN: DISCORD, SHARDS: '2', SHARD_COUNT: '2' }, 'SHARDS: must be below SHARD_COUNT'],
    [{ PORT: 'eighty' }, 'PORT: must be a number'],
    [{ PORT: '70000' }, 'PORT: must be 0–65535'],
    [{ STORE_URL: 'mysql://x' }, 'STORE_URL: must start with sqlite://, redis://, postgres:// or memory://'],
    [{ HF_API_URL: 'ftp://x' }, 'HF_API_URL: must be an http(s) URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be debug, info, warn, error or silent'],
    [{ DISCORD_GUILD_ID: 'my-server' }, 'DISCORD_GUILD_ID: must be a numeric server id'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'SLACK_BOT_TOKEN: must start with xoxb-'],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1-2' },
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)',
    ],
    [{ SLACK_SIGNING_SECRET: 'secret-secret' }, 'SLACK_BOT_TOKEN: required when other SLACK_ variables are set'],
    [{ SLACK_SIGNING_SECRET: 'abc' }, /^SLACK_BOT_TOKEN: required when other SLACK_ variables are set\n/],
    [{ SLACK_APP_TOKEN: 'xoxb-wrong-kind' }, /^SLACK_BOT_TOKEN: required when other SLACK_ variables are set\n/],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: 'abc def ghi' },
      'SLACK_SIGNING_SECRET: has spaces; copy the Signing Secret again (Basic Information → App Credentials)',
    ],
  ])('rejects %j with one line naming the variable', (env, message) => {
    const run = () => loadConfig(env);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
  });

  it('never repeats a token in its error', () => {
    const token = 'short tok en with spaces';
    try {
      loadConfig({ DISCORD_TOKEN: token, SLACK_BOT_TOKEN: 'xoxp-secret-value-123' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(token);
      expect(String(error)).not.toContain('xoxp-secret-value-123');
      expect(String(error)).toContain('DISCORD_TOKEN');
    }
  });
});
