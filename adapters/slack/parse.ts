import {
  describeMistake,
  describeOther,
  fullUsage,
  OptionMistake,
  optionUsage,
  typedValue,
} from '../../commands/mistakes.js';
import type { CommandDef, OptionDef } from '../../commands/types.js';
import { closest } from '../../src/text/closest.js';
import { quoted } from '../../src/text/verbatim.js';

export type ParsedText =
  { ok: true; name: string; raw: Record<string, string> } | { ok: false; name?: string; error: string };

/** Splits on spaces, keeping "quoted text" (straight or curly quotes) together; quotes are removed. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /(?:[^\s"“”]+|["“][^"“”]*["”])+/g;
  for (const m of text.matchAll(re)) tokens.push(m[0].replace(/["“”]/g, ''));
  return tokens;
}

/**
 * Parses `/papers <subcommand> [free text] [key:value …]` with the same definitions Discord uses:
 * `key:value` tokens fill options by name or alias, the rest is the command's main free-text option.
 * `/papers subscribe time:09:00 tz:Europe/Berlin count:5 keywords:"video, agents"`.
 * A mistake answers in at most three lines, with what was probably meant (commands/mistakes.ts).
 */
export function parseCommandText(text: string, defs: readonly CommandDef[]): ParsedText {
  const [first, ...rest] = tokenize(text.trim());
  const name = (first ?? 'help').toLowerCase();
  const def = defs.find((d) => d.name === name);
  if (!def) {
    const meant = closest(
      name,
      defs.map((d) => d.name),
    );
    return {
      ok: false,
      error: `There is no \`/papers ${name.slice(0, 32)}\`.${meant ? ` Did you mean \`/papers ${meant}\`?` : ''} \`/papers help\` lists the commands.`,
    };
  }
  const fail = (error: string): ParsedText => ({ ok: false, name, error });
  const raw: Record<string, string> = {};
  const free: string[] = [];
  for (const [i, token] of rest.entries()) {
    const colon = token.indexOf(':');
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    const option = key ? optionNamed(def, key) : undefined;
    const value = token.slice(colon + 1);
    if (!option) {
      const typo = key && !isUrl(token) ? misspelt(def, key) : undefined;
      if (typo)
        return fail(optionTypo(def, `\`/papers ${name}\` has no option \`${key.slice(0, 32)}:\`.`, typo, value || '…'));
      // `time 09:00`, the way Discord shows options: the name, then its value.
      const spaced =
        optionNamed(def, token.toLowerCase()) ?? (def.options.some((o) => o.main) ? undefined : misspelt(def, token));
      if (
        spaced &&
        !spaced.main &&
        rest[i + 1] !== undefined &&
        (free.length === 0 || !def.options.some((o) => o.main))
      )
        return fail(optionTypo(def, 'Options are written key:value.', spaced, rest[i + 1]!));
      free.push(token);
      continue;
    }
    if (value.trim() === '')
      return fail(describeMistake(def, new OptionMistake(option.name, `\`${key}:\` has no value.`), true));
    const earlier = raw[option.name];
    if (earlier !== undefined)
      return fail(
        describeMistake(
          def,
          new OptionMistake(option.name, `Give ${option.name} once, not both ${show(earlier)} and ${show(value)}.`),
          true,
        ),
      );
    raw[option.name] = value;
  }
  const main = def.options.find((o) => o.main);
  const leading = def.options.find((o) => o.leading);
  if (leading && raw[leading.name] === undefined && free.length > 0) raw[leading.name] = free.shift()!;
  if (free.length > 0) {
    if (!main) {
      const hint = def.options.length ? ' Options are written key:value, quoted when they have spaces.' : '';
      return fail(describeOther(def, `\`/papers ${name}\` does not take ${quoted(free.join(' '), 60)}.${hint}`, true));
    }
    if (raw[main.name] !== undefined)
      return fail(describeMistake(def, new OptionMistake(main.name, `Give ${main.name} once.`), true));
    raw[main.name] = free.join(' ');
  }
  return { ok: true, name, raw };
}

const show = (value: string) => quoted(value, 40);
const isUrl = (token: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(token);

const optionNamed = (def: CommandDef, key: string): OptionDef | undefined =>
  def.options.find((o) => o.name === key || o.aliases?.includes(key));

/** The option a mistyped key was probably meant to be (`tmie` → time, `timzone` → timezone). */
function misspelt(def: CommandDef, key: string): OptionDef | undefined {
  const names = def.options.filter((o) => !o.main).flatMap((o) => [o.name, ...(o.aliases ?? [])]);
  const meant = closest(key, names);
  return meant === undefined ? undefined : optionNamed(def, meant);
}

/** "…. Did you mean `time:09:00`?", that option's usage, and the full usage. */
const optionTypo = (def: CommandDef, problem: string, option: OptionDef, value: string): string =>
  [
    `${problem} Did you mean \`${typedValue(option, value, true)}\`?`,
    `\`${optionUsage(option, true)}\` — ${option.description}`,
    fullUsage(def, true),
  ].join('\n');
