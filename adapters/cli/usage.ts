/**
 * What each `paperfeed` command takes, for `paperfeed --help` and `paperfeed <command> --help`.
 * A command that gains an option adds a line to its `options`; the overview and the command's
 * own help are both made from this table.
 */
export interface CliCommandUsage {
  /** The command line after `paperfeed`: `digest [--date YYYY-MM-DD] [--count N] [--json]`. */
  synopsis: string;
  /** What it does, in a few words (the overview's line). */
  summary: string;
  /** Each option as written, and what it does. */
  options?: readonly (readonly [flag: string, what: string])[];
  /** A further sentence or two, shown under the options. */
  notes?: string;
}

export const CLI_COMMANDS: Readonly<Record<string, CliCommandUsage>> = {
  digest: {
    synopsis:
      'digest [--source hf|arxiv] [--categories cs.CL[,…]] [--include new|cross|all] [--team platform:teamId [--rank auto|team|hf]] [--date YYYY-MM-DD] [--count N] [--json]',
    summary: "a day's papers, highest upvoted first (default: the latest day with papers)",
    options: [
      ['--source hf|arxiv', "Hugging Face Daily Papers (hf, the default) or arXiv's listing of --categories"],
      ['--categories cs.CL[,…]', 'with --source arxiv (required): the arXiv categories, comma-separated'],
      ['--include new|cross|all', 'arXiv: new papers, cross (and cross-lists, default) or all (and replacements)'],
      ['--date YYYY-MM-DD', "the Daily Papers day, or a stored arXiv announcement's (default: the latest)"],
      ['--count N', 'only the top N papers, 1 to 100 for Hugging Face (default: every paper of the day)'],
      ['--team platform:teamId', "the day in the order that team's feed would post it, each paper with score and why"],
      ['--rank auto|team|hf', 'with --team: the order as the feed option rank (default auto)'],
      ['--json', 'stable JSON instead of text'],
    ],
    notes:
      "With --source arxiv it prints arXiv's latest announcement of the categories (or the stored one dated --date), each paper once by its id without version. With --team, the day is ranked as that team's feed would rank it, before any channel's filter.",
  },
  search: {
    synopsis: 'search <query…> [--limit N] [--json]',
    summary: 'search Hugging Face papers (and the local index)',
    options: [
      ['--limit N', 'at most N results, 1 to 50 (default 10)'],
      ['--json', 'stable JSON instead of text'],
    ],
  },
  top: {
    synopsis: 'top --team platform:teamId [--since YYYY-MM-DD] [--limit N] [--json|--csv]',
    summary: "a team's vote leaderboard from the store (an export)",
    options: [
      ['--team platform:teamId', 'the team: discord:<server id> or slack:<workspace id> (required)'],
      ['--since YYYY-MM-DD', 'only papers first posted in the team on or after that day (UTC)'],
      ['--limit N', 'at most N rows (default: all)'],
      ['--json', 'stable JSON instead of text'],
      ['--csv', 'CSV instead of text'],
    ],
  },
  taste: {
    synopsis: 'taste import --team platform:teamId [--not-interested] <file>',
    summary: 'papers a team values into its taste: a top --csv export, arXiv ids or links, or BibTeX',
    options: [
      ['--team platform:teamId', 'the team: discord:<server id> or slack:<workspace id> (required)'],
      ['--not-interested', 'take the papers as marked 👎 (not interested) instead of voted for'],
    ],
    notes:
      'Papers the bot has not seen are looked up on Hugging Face, then arXiv. Prints how many it took and each line it could not use; exits 1 when it took none, 2 when the file cannot be read.',
  },
  doctor: {
    synopsis: 'doctor',
    summary: 'check configuration and reachability',
    notes:
      'Prints one line per check (✓ passed, ✗ failed, ! an optional one failed) and exits 1 if any ✗; with Discord configured it prints the invite link and what each permission is for.',
  },
  'deploy-commands': {
    synopsis: 'deploy-commands [--guild ID] [--clear-guild]',
    summary: 'register /papers with Discord (a server, or global)',
    options: [
      ['--guild ID', 'register in this server only, at once (default: DISCORD_GUILD_ID, else global)'],
      ['--clear-guild', "remove the server's commands instead"],
    ],
  },
  start: {
    synopsis: 'start',
    summary: 'run the Discord and/or Slack bot',
    notes: 'Runs until Ctrl+C (SIGINT) or SIGTERM, letting posts in flight land.',
  },
  'shard-manager': {
    synopsis: 'shard-manager',
    summary: 'run one `start` process per Discord shard (DISCORD_SHARDS)',
  },
};

const CONFIGURATION = 'Configuration comes from the environment (and .env); see README.md.';

/** `paperfeed --help`: every command with its synopsis and summary. */
export function overview(): string {
  const lines = Object.values(CLI_COMMANDS).map(({ synopsis, summary }) =>
    synopsis.length <= 48 ? `  ${synopsis.padEnd(50)}${summary}` : `  ${synopsis}\n${' '.repeat(52)}${summary}`,
  );
  return [
    'Usage: paperfeed <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'paperfeed <command> --help shows one command.',
    CONFIGURATION,
  ].join('\n');
}

/** `paperfeed <command> --help`; undefined for a command that does not exist. */
export function commandHelp(name: string): string | undefined {
  const c = Object.hasOwn(CLI_COMMANDS, name) ? CLI_COMMANDS[name] : undefined;
  if (!c) return undefined;
  const options = c.options ?? [];
  const width = Math.max(0, ...options.map(([flag]) => flag.length)) + 2;
  return [
    `Usage: paperfeed ${c.synopsis}`,
    '',
    `${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.`,
    ...(options.length ? ['', 'Options:', ...options.map(([flag, what]) => `  ${flag.padEnd(width)}${what}`)] : []),
    ...(c.notes ? ['', c.notes] : []),
    '',
    CONFIGURATION,
  ].join('\n');
}

/** The options a command takes, by flag name without dashes (`date`, `count`): for "did you mean". */
export function optionNames(name: string): string[] {
  const c = Object.hasOwn(CLI_COMMANDS, name) ? CLI_COMMANDS[name] : undefined;
  return (c?.options ?? [])
    .flatMap(([flag]) => flag.split(/[\s|]+/).filter((f) => f.startsWith('--')))
    .map((f) => f.slice(2));
}
