import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { UserError } from '../../src/errors.js';
import type { TasteSeed } from '../../src/store/taste-store.js';
import { parseImport } from '../../src/taste/import.js';
import type { Services } from '../bot/services.js';
import type { Io } from './io.js';

const TEAM = /^(discord|slack):[\w-]+$/;

/** The `--team` of the taste commands, checked. */
export function teamArg(team: string | undefined): string {
  if (!team || !TEAM.test(team))
    throw new UserError('--team must be platform:teamId, e.g. discord:123456789012345678 or slack:T0123ABCD');
  return team;
}

/** The file's text; undefined (with the reason said on stderr) when it cannot be read as text at all. */
async function readText(path: string, io: Io): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : String(code ?? error);
    io.err(`paperfeed: cannot read ${path}: ${why}`);
    return undefined;
  }
  const text = bytes.toString('utf8');
  if (bytes.includes(0) || text.includes('\uFFFD')) {
    io.err(`paperfeed: cannot read ${path}: it is not a text file (UTF-8)`);
    return undefined;
  }
  return text;
}

/**
 * `paperfeed taste import --team platform:teamId [--not-interested] <file>`: papers a team already
 * values (or, with `--not-interested`, does not want) into its taste, from a `top --csv` export,
 * arXiv ids or links one per line, or BibTeX. Papers the bot has not seen are looked up on Hugging
 * Face, then arXiv. Says how many it took and each line it could not use; exit 2 when the file
 * cannot be read, 1 when nothing in it could be used.
 */
export async function taste(args: string[], services: Services, io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import')
    throw new UserError('usage: paperfeed taste import --team platform:teamId [--not-interested] <file>');
  const { values, positionals } = parseArgs({
    args: rest,
    options: { team: { type: 'string' }, 'not-interested': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const team = teamArg(values.team);
  if (positionals.length !== 1)
    throw new UserError('taste import needs one file: paperfeed taste import --team … <file>');
  const path = positionals[0]!;
  const text = await readText(path, io);
  if (text === undefined) return 2;
  const { format, entries } = parseImport(text);
  const kind: TasteSeed['kind'] = values['not-interested'] ? 'not-interested' : 'liked';
  const seeds = new Map<string, TasteSeed>();
  const problems: string[] = [];
  const at = services.clock.now();
  let lookedUp = 0;
  for (const e of entries) {
    if ('problem' in e) {
      problems.push(`line ${e.line}: ${e.problem}`);
      continue;
    }
    const known = await services.stores.papers.getPaper(e.id);
    let paper = known;
    if (!paper) {
      try {
        paper = await services.feed.paper(e.id);
        if (paper) lookedUp++;
      } catch (error) {
        problems.push(
          `line ${e.line}: ${e.id} could not be looked up (${error instanceof Error ? error.message : String(error)})`,
        );
        continue;
      }
    }
    if (!paper) {
      problems.push(`line ${e.line}: ${e.id} was found neither on Hugging Face nor on arXiv`);
      continue;
    }
    const before = seeds.get(e.id);
    seeds.set(e.id, { kind, votes: Math.max(e.votes, before?.votes ?? 0), at });
  }
  const target = await services.stores.teams.teamOf(team);
  await services.stores.taste.seed(target, seeds);
  const what = kind === 'liked' ? 'liked' : 'not interested';
  const from = { csv: 'a top --csv export', bibtex: 'BibTeX', lines: 'a list of ids and links' }[format];
  io.out(
    `Took ${seeds.size} paper${seeds.size === 1 ? '' : 's'} (${what}) into the taste of ${team}${target !== team ? ` (linked team ${target})` : ''} from ${from}` +
      `${lookedUp ? `; ${lookedUp} looked up` : ''}; ${problems.length} line${problems.length === 1 ? '' : 's'} not used.`,
  );
  for (const p of problems) io.out(p);
  return seeds.size > 0 ? 0 : 1;
}
