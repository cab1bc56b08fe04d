import { z } from 'zod';
import { ConfigError } from './errors.js';
import type { LogLevel } from './ports/logger.js';

/** Typed configuration, parsed once from the environment. Nothing else reads `process.env`. */
export interface Config {
  storeUrl: string;
  /** Redis stores: the local file of this process's search index (`src/store/redis-search.ts`). */
  searchIndexPath: string;
  hfApiUrl: string;
  hfToken?: string;
  arxivApiUrl: string;
  /** arXiv's RSS listings: `${arxivRssUrl}/<cat>[+<cat>…]`, no trailing slash. */
  arxivRssUrl: string;
  discord?: { token: string; apiUrl: string; guildId?: string } & DiscordSharding;
  discordApiUrl: string;
  slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl: string; adminUsers: string[] };
  slackApiUrl: string;
  port: number;
  voteEmoji: string;
  /** The reaction that claims a paper for reading (reading club). */
  readEmoji: string;
  /** The reaction that marks a paper "not interested" for the team's taste (never a leaderboard vote). */
  downvoteEmoji: string;
  /** Live cards: posted paper messages edited in place, at most once per `throttleMs`; undefined when off. */
  liveCards?: { throttleMs: number };
  logLevel: LogLevel;
  /** Every secret value, so the logger can redact them wherever they appear. */
  secrets: string[];
}

/**
 * Which gateway shards this process runs. Unset: discord.js's default, one shard (0 of 1).
 * `'auto'`: as many as Discord recommends (GET /gateway/bot), all in this process. Otherwise
 * `shards` of `shardCount` (every shard for `DISCORD_SHARDS=N`; one for a `paperfeed shard-manager` child).
 */
export interface DiscordSharding {
  shards?: 'auto' | number[];
  shardCount?: number;
}

const optional = z
  .string()
  .transform((v) => v.trim())
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const httpUrl = (fallback: string) =>
  optional.transform((v) => v ?? fallback).pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));

const STORE_SCHEMES = ['sqlite', 'redis', 'rediss', 'postgres', 'postgresql', 'memory'];

const schema = z.object({
  STORE_URL: optional
    .transform((v) => v ?? 'sqlite://./data/paperfeed.sqlite')
    .refine(
      (v) => STORE_SCHEMES.some((s) => v.startsWith(`${s}://`)),
      'must start with sqlite://, redis://, postgres:// or memory://',
    ),
  SEARCH_INDEX_PATH: optional.transform((v) => v ?? './data/search-index.sqlite'),
  HF_API_URL: httpUrl('https://huggingface.co'),
  HF_TOKEN: optional.refine((v) => v === undefined || /^\S+$/.test(v), 'must not contain spaces'),
  ARXIV_API_URL: httpUrl('https://export.arxiv.org/api/query'),
  ARXIV_RSS_URL: httpUrl('https://rss.arxiv.org/rss'),
  DISCORD_TOKEN: optional.refine((v) => v === undefined || /^\S{20,}$/.test(v), 'does not look like a bot token'),
  DISCORD_API_URL: httpUrl('https://discord.com/api'),
  DISCORD_SHARDS: optional.refine(
    (v) => v === undefined || v === 'auto' || /^[1-9]\d{0,4}$/.test(v),
    'must be auto or a number of shards',
  ),
  // Set by discord.js's ShardingManager in each process it spawns (`paperfeed shard-manager`).
  SHARDS: optional.refine((v) => v === undefined || /^\d{1,5}$/.test(v), 'must be a shard id'),
  SHARD_COUNT: optional.refine((v) => v === undefined || /^[1-9]\d{0,4}$/.test(v), 'must be a number of shards'),
  DISCORD_GUILD_ID: optional.refine((v) => v === undefined || /^\d{15,21}$/.test(v), 'must be a numeric server id'),
  SLACK_BOT_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must start with xoxb-'),
  SLACK_SIGNING_SECRET: optional
    .refine(
      (v) => v === undefined || !/\s/.test(v),
      'has spaces; copy the Signing Secret again (Basic Information → App Credentials)',
    )
    .refine(
      (v) => v === undefined || /\s/.test(v) || v.length >= 8,
      'is too short; copy the Signing Secret again (Basic Information → App Credentials)',
    ),
  SLACK_APP_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xapp-'), 'must start with xapp-'),
  SLACK_API_URL: httpUrl('https://slack.com/api/'),
  SLACK_ADMIN_USERS: optional.transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
  PORT: optional
    .transform((v) => v ?? '3000')
    .pipe(
      z.coerce
        .number<string>({ error: 'must be a number' })
        .int('must be a whole number')
        .min(0, 'must be 0–65535')
        .max(65535, 'must be 0–65535'),
    ),
  VOTE_EMOJI: optional.transform((v) => v ?? '👍').refine((v) => v.length <= 64 && !/\s/.test(v), 'must be one emoji'),
  READ_EMOJI: optional.transform((v) => v ?? '📖').refine((v) => v.length <= 64 && !/\s/.test(v), 'must be one emoji'),
  DOWNVOTE_EMOJI: optional
    .transform((v) => v ?? '👎')
    .refine((v) => v.length <= 64 && !/\s/.test(v), 'must be one emoji'),
  LIVE_CARDS: optional
    .transform((v) => v ?? '5')
    .refine(
      (v) => v === 'off' || (/^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 1440),
      'must be off or the minutes between edits of one message (1–1440)',
    ),
  LOG_LEVEL: optional
    .transform((v) => (v ?? 'info').toLowerCase())
    .pipe(
      z.enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'must be debug, info, warn, error or silent' }),
    ),
});

/** The Slack variable the others need and that is not set (an empty value counts as unset). */
function missingSlackVariable(env: Record<string, string | undefined>): string | undefined {
  const set = (name: string) => (env[name] ?? '').trim() !== '';
  if (set('SLACK_BOT_TOKEN') && !set('SLACK_SIGNING_SECRET') && !set('SLACK_APP_TOKEN'))
    return 'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)';
  if (!set('SLACK_BOT_TOKEN') && (set('SLACK_SIGNING_SECRET') || set('SLACK_APP_TOKEN')))
    return 'SLACK_BOT_TOKEN: required when other SLACK_ variables are set';
  return undefined;
}

/**
 * Every variable `loadConfig` reads, with the value it takes when unset (`undefined`: none).
 * `test/readme-config.test.ts` checks docs/configuration.md's Variables table and `.env.example` against it.
 */
export function configDefaults(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema.shape).map(([name, field]) => [name, (field as z.ZodType).parse(undefined)]),
  );
}

/**
 * Parses the environment. Throws `ConfigError` whose message is one line per bad variable,
 * naming it and what is wrong, and never repeating the value (it may be a token).
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // A missing variable comes first: the values set beside it may be half-copied while setting up.
  const missing = missingSlackVariable(env);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${String(i.path[0] ?? 'config')}: ${i.message}`);
    throw new ConfigError([...new Set([...(missing ? [missing] : []), ...lines])].join('\n'));
  }
  if (missing) throw new ConfigError(missing);
  const e = parsed.data;
  const secrets = [
    e.HF_TOKEN,
    e.DISCORD_TOKEN,
    e.SLACK_BOT_TOKEN,
    e.SLACK_SIGNING_SECRET,
    e.SLACK_APP_TOKEN,
    passwordOf(e.STORE_URL),
  ];
  return {
    storeUrl: e.STORE_URL,
    searchIndexPath: e.SEARCH_INDEX_PATH,
    hfApiUrl: e.HF_API_URL.replace(/\/+$/, ''),
    hfToken: e.HF_TOKEN,
    arxivApiUrl: e.ARXIV_API_URL,
    arxivRssUrl: e.ARXIV_RSS_URL.replace(/\/+$/, ''),
    discordApiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
    discord: e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN,
          apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
          guildId: e.DISCORD_GUILD_ID,
          ...sharding(e),
        }
      : undefined,
    slackApiUrl: e.SLACK_API_URL,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
          adminUsers: e.SLACK_ADMIN_USERS,
        }
      : undefined,
    port: e.PORT,
    voteEmoji: e.VOTE_EMOJI,
    readEmoji: e.READ_EMOJI,
    downvoteEmoji: e.DOWNVOTE_EMOJI,
    ...(e.LIVE_CARDS === 'off' ? {} : { liveCards: { throttleMs: Number(e.LIVE_CARDS) * 60_000 } }),
    logLevel: e.LOG_LEVEL as LogLevel,
    secrets: secrets.filter((s): s is string => typeof s === 'string' && s.length > 0),
  };
}

function sharding(e: { DISCORD_SHARDS?: string; SHARDS?: string; SHARD_COUNT?: string }): DiscordSharding {
  if (e.SHARDS !== undefined || e.SHARD_COUNT !== undefined) {
    // A ShardingManager child: its one shard, whatever DISCORD_SHARDS (the total) says.
    if (e.SHARDS === undefined || e.SHARD_COUNT === undefined)
      throw new ConfigError('SHARDS: set together with SHARD_COUNT (paperfeed shard-manager sets both)');
    const [id, count] = [Number(e.SHARDS), Number(e.SHARD_COUNT)];
    if (id >= count) throw new ConfigError('SHARDS: must be below SHARD_COUNT');
    return { shards: [id], shardCount: count };
  }
  if (e.DISCORD_SHARDS === undefined) return {};
  if (e.DISCORD_SHARDS === 'auto') return { shards: 'auto' };
  const count = Number(e.DISCORD_SHARDS);
  return { shards: Array.from({ length: count }, (_, i) => i), shardCount: count };
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** A store URL with any password hidden, for logs and `doctor`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
