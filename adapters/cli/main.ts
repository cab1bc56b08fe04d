import { parseArgs } from 'node:util';
import type { Config } from '../../src/config.js';
import { isValidDay } from '../../src/time/dates.js';
import { ConfigError, UpstreamError, UserError } from '../../src/errors.js';
import { createLogger } from '../../src/logging/pino-logger.js';
import type { LogLevel } from '../../src/ports/logger.js';
import { DEFAULT_DIGEST_SETTINGS } from '../../src/model.js';
import type { Services } from '../bot/services.js';
import type { Io } from './io.js';
import { digestJson, formatDigest, formatPapers, paperJson, wholeDayNote } from './format.js';
import { top } from './top.js';
import { CLI_COMMANDS, commandHelp, optionNames, overview } from './usage.js';
import { closest } from '../../src/text/closest.js';
import { searchSourceNote } from '../../commands/upstream-notes.js';
import { digestArxiv } from './digest-arxiv.js';

export type { Io } from './io.js';

/** Runs one CLI command; resolves to the process exit code (0 ok, 1 failure, 2 bad usage or config). */
export async function main(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || (command === 'help' && rest.length === 0)) {
    io.out(overview());
    return command ? 0 : 2;
  }
  // `paperfeed help digest` and `paperfeed digest --help` are the same; neither needs a configuration.
  const helpFor = command === 'help' ? rest[0]! : rest.some((a) => a === '--help' || a === '-h') ? command : undefined;
  if (helpFor !== undefined) {
    const help = commandHelp(helpFor);
    if (help) {
      io.out(help);
      return 0;
    }
    return unknownCommand(helpFor, io);
  }
  if (!Object.hasOwn(CLI_COMMANDS, command)) return unknownCommand(command, io);
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
            'paperfeed: shard-manager runs the Discord bot: set DISCORD_TOKEN (and DISCORD_SHARDS); see docs/discord.md, Sharding.',
          );
          return 2;
        }
        const { runShardManager } = await import('../discord/shard-manager.js');
        io.err('paperfeed: starting one process per Discord shard. Press Ctrl+C to stop.');
        await runShardManager(config, logger);
        return 0;
      }
      default:
        return unknownCommand(command, io);
    }
  } catch (error) {
    return report(error, command, io);
  } finally {
    await services?.close();
  }
}

/** One line: the command that does not exist, the one meant when it is close, and where the list is. */
function unknownCommand(command: string, io: Io): number {
  const meant = closest(command, Object.keys(CLI_COMMANDS));
  io.err(
    `paperfeed: unknown command "${command.slice(0, 40)}".${meant ? ` Did you mean "paperfeed ${meant}"?` : ''} "paperfeed --help" lists the commands.`,
  );
  return 2;
}

/** parseArgs' "Unknown option '--cuont'", with the option meant when one is close and where the options are. */
function badOption(error: TypeError & { code?: unknown }, command: string): string {
  const flag = /'--?([^'=]+)/.exec(error.message)?.[1];
  const meant =
    error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag ? closest(flag, optionNames(command)) : undefined;
  // A typo of an option needs no word on how to pass a positional argument that starts with "-".
  const what = meant ? `Unknown option '--${flag}'. Did you mean --${meant}?` : error.message.replace(/\.?$/, '.');
  return `${what} "paperfeed ${command} --help" lists its options.`;
}

function report(error: unknown, command: string, io: Io): number {
  if (error instanceof ConfigError) {
    // Found while starting (a busy PORT, an unusable STORE_URL, …): one line naming the variable.
    io.err(`paperfeed: ${error.message}`);
    return 2;
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    io.err(`paperfeed: ${badOption(error, command)}`);
    return 2;
  }
  if (error instanceof UserError) {
    io.err(`paperfeed: ${error.message}`);
    return 2;
  }
  if (error instanceof UpstreamError) {
    io.err(
      `paperfeed: ${error.service} ${error.message}; check the network or ${error.service === 'arXiv' ? 'ARXIV_API_URL (ARXIV_RSS_URL for listings)' : 'HF_API_URL'}.`,
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

const MAX_DIGEST_COUNT = 100;

/** The value of `--source` (`--source arxiv` or `--source=arxiv`), if given. */
function sourceOf(args: readonly string[]): string | undefined {
  const i = args.findIndex((a) => a === '--source' || a.startsWith('--source='));
  if (i < 0) return undefined;
  return args[i]!.includes('=') ? args[i]!.slice('--source='.length) : args[i + 1];
}

async function digest(args: string[], services: Services, io: Io): Promise<number> {
  const source = sourceOf(args);
  if (source === 'arxiv') return digestArxiv(args, services, io);
  if (source !== undefined && source !== 'hf') throw new UserError(`--source must be hf or arxiv, not "${source}"`);
  const { values } = parseArgs({
    args,
    options: {
      source: { type: 'string' },
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
  const count = positiveInt(values.count, 'count', MAX_DIGEST_COUNT) ?? MAX_DIGEST_COUNT;
  if (values.team !== undefined || values.rank !== undefined) {
    const { teamDigest } = await import('./team-digest.js');
    return teamDigest(services, io, { day, count, json: values.json ?? false, team: values.team, rank: values.rank });
  }
  const d = await services.feed.digest(day, { ...DEFAULT_DIGEST_SETTINGS, count });
  if (values.json) {
    io.out(JSON.stringify(digestJson(d), null, 2));
    return 0;
  }
  io.out(formatDigest(d, io.columns ?? 100));
  // Without --count the whole day is printed; say so where the terminal ends, not in the text itself.
  if (values.count === undefined && d.papers.length > 1) io.err(`note: ${wholeDayNote(d)}`);
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
  const note = result.degraded && searchSourceNote(result.degraded);
  if (values.json) {
    io.out(
      JSON.stringify(
        { query, degraded: note ?? null, papers: result.papers.map((p, i) => paperJson(p, i + 1)) },
        null,
        2,
      ),
    );
    return 0;
  }
  if (note) io.err(`note: ${note}`);
  io.out(result.papers.length ? formatPapers(result.papers, io.columns ?? 100) : `No papers found for "${query}".`);
  return 0;
}
