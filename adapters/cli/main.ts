import { parseArgs } from 'node:util';
import type { Config } from '../../src/config.js';
import { isValidDay } from '../../src/time/dates.js';
import { ConfigError, UpstreamError, UserError } from '../../src/errors.js';
import { createLogger } from '../../src/logging/pino-logger.js';
import type { LogLevel } from '../../src/ports/logger.js';
import { DEFAULT_DIGEST_SETTINGS } from '../../src/model.js';
import type { Services } from '../bot/services.js';
import type { Io } from './io.js';
import { digestJson, formatDigest, formatPapers, paperJson } from './format.js';
import { top } from './top.js';

export type { Io } from './io.js';

const USAGE = `Usage: paperfeed <command> [options]

Commands:
  digest [--date YYYY-MM-DD] [--count N] [--json]   a day's papers (default: the latest day with papers)
         [--team platform:teamId [--rank auto|team|hf]]
                                                    … in the order that team's feed would post them
  search <query…> [--limit N] [--json]              search Hugging Face papers (and the local index)
  top --team platform:teamId [--since YYYY-MM-DD] [--limit N] [--json|--csv]
                                                    a team's vote leaderboard from the store (an export)
  taste import --team platform:teamId [--not-interested] <file>
                                                    papers a team values into its taste: a top --csv
                                                    export, arXiv ids or links, or BibTeX
  doctor                                            check configuration and reachability
  deploy-commands [--guild ID] [--clear-guild]      register /papers with Discord (a server, or global);
                                                    --clear-guild removes the server's commands
  start                                             run the Discord and/or Slack bot
  shard-manager                                     run one \`start\` process per Discord shard (DISCORD_SHARDS)

Configuration comes from the environment (and .env); see README.md.`;

/** Runs one CLI command; resolves to the process exit code (0 ok, 1 failure, 2 bad usage or config). */
export async function main(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  // Everything past usage is imported here, so `--help` answers without loading zod, the stores or the bot.
  const { loadConfig } = await import('../../src/config.js');
  const { openServices } = await import('../bot/services.js');
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    io.err(error instanceof ConfigError ? `paperfeed: configuration error\n${error.message}` : String(error));
    return 2;
  }
  // The terminal is for results; only warnings go to stderr unless LOG_LEVEL asks for more. The bot
  // is a service: its log (info by default) is the operator's record of posts and commands.
  const level: LogLevel = env.LOG_LEVEL || command === 'start' ? config.logLevel : 'warn';
  const logger = createLogger(level, { secrets: config.secrets, pretty: io.isTTY });
  let services: Services | undefined;
  try {
    switch (command) {
      case 'digest':
        return await digest(rest, (services = await openServices(config, { logger })), io);
      case 'search':
        return await search(rest, (services = await openServices(config, { logger })), io);
      case 'top':
        return await top(rest, (services = await openServices(config, { logger })), io);
      case 'taste': {
        const { taste } = await import('./taste.js');
        return await taste(rest, (services = await openServices(config, { logger })), io);
      }
      case 'doctor':
        return await (await import('./doctor.js')).runDoctor(config, logger, io);
      case 'deploy-commands':
        return await (await import('./deploy-commands.js')).deployCommands(rest, config, io);
      case 'start': {
        const { startBot } = await import('../bot/start.js');
        return await startBot(config, logger, io);
      }
      case 'shard-manager': {
        if (!config.discord) {
          io.err(
            'paperfeed: shard-manager runs the Discord bot: set DISCORD_TOKEN (and DISCORD_SHARDS); see README.md, Sharding.',
          );
          return 2;
        }
        const { runShardManager } = await import('../discord/shard-manager.js');
        io.err('paperfeed: starting one process per Discord shard. Press Ctrl+C to stop.');
        await runShardManager(config, logger);
        return 0;
      }
      default:
        io.err(`paperfeed: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    return report(error, io);
  } finally {
    await services?.close();
  }
}

function report(error: unknown, io: Io): number {
  if (error instanceof ConfigError) {
    // Found while starting (a busy PORT, an unusable STORE_URL, …): one line naming the variable.
    io.err(`paperfeed: ${error.message}`);
    return 2;
  }
  if (
    error instanceof UserError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    io.err(`paperfeed: ${error.message}`);
    return 2;
  }
  if (error instanceof UpstreamError) {
    io.err(
      `paperfeed: ${error.service} ${error.message}; check the network or ${error.service === 'arXiv' ? 'ARXIV_API_URL' : 'HF_API_URL'}.`,
    );
    return 1;
  }
  io.err(`paperfeed: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}

function positiveInt(text: string | undefined, flag: string, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UserError(`--${flag} must be a whole number from 1 to ${max}`);
  return n;
}

async function digest(args: string[], services: Services, io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      date: { type: 'string' },
      count: { type: 'string' },
      json: { type: 'boolean' },
      team: { type: 'string' },
      rank: { type: 'string' },
    },
    strict: true,
  });
  const day = values.date ?? (await services.feed.latestDay());
  if (!isValidDay(day)) throw new UserError(`--date must be a calendar date written YYYY-MM-DD, not "${day}"`);
  const count = positiveInt(values.count, 'count', 100) ?? 100;
  if (values.team !== undefined || values.rank !== undefined) {
    const { teamDigest } = await import('./team-digest.js');
    return teamDigest(services, io, { day, count, json: values.json ?? false, team: values.team, rank: values.rank });
  }
  const d = await services.feed.digest(day, { ...DEFAULT_DIGEST_SETTINGS, count });
  io.out(values.json ? JSON.stringify(digestJson(d), null, 2) : formatDigest(d, io.columns ?? 100));
  return 0;
}

async function search(args: string[], services: Services, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { limit: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const query = positionals.join(' ').trim();
  if (!query) throw new UserError('search needs a query, e.g. paperfeed search diffusion transformers');
  if (query.length > 200) throw new UserError('the query is too long (200 characters at most)');
  const limit = positiveInt(values.limit, 'limit', 50) ?? 10;
  await services.feed.warm();
  const result = await services.feed.search(query, limit);
  if (values.json) {
    io.out(
      JSON.stringify(
        { query, degraded: result.degraded ?? null, papers: result.papers.map((p, i) => paperJson(p, i + 1)) },
        null,
        2,
      ),
    );
    return 0;
  }
  if (result.degraded) io.err(`note: ${result.degraded}; showing local and arXiv results.`);
  io.out(result.papers.length ? formatPapers(result.papers, io.columns ?? 100) : `No papers found for "${query}".`);
  return 0;
}
