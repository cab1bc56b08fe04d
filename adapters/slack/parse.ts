import { usageOf } from '../../commands/help.js';
import type { CommandDef } from '../../commands/types.js';
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
 */
export function parseCommandText(text: string, defs: readonly CommandDef[]): ParsedText {
  const [first, ...rest] = tokenize(text.trim());
  const name = (first ?? 'help').toLowerCase();
  const def = defs.find((d) => d.name === name);
  if (!def) {
    return {
      ok: false,
      error: `There is no \`/papers ${name.slice(0, 32)}\`. Available: ${defs.map((d) => d.name).join(', ')}. Try \`/papers help\`.`,
    };
  }
  const raw: Record<string, string> = {};
  const free: string[] = [];
  for (const token of rest) {
    const colon = token.indexOf(':');
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    const option = key ? def.options.find((o) => o.name === key || o.aliases?.includes(key)) : undefined;
    if (!option) {
      free.push(token);
      continue;
    }
    const value = token.slice(colon + 1);
    if (value.trim() === '')
      return {
        ok: false,
        name,
        error: `\`${key}:\` has no value. ${option.name}: ${option.description}.\n${usageOf(def)}`,
      };
    const earlier = raw[option.name];
    if (earlier !== undefined)
      return {
        ok: false,
        name,
        error: `Give ${option.name} once, not both ${show(earlier)} and ${show(value)}.\n${usageOf(def)}`,
      };
    raw[option.name] = value;
  }
  const main = def.options.find((o) => o.main);
  const leading = def.options.find((o) => o.leading);
  if (leading && raw[leading.name] === undefined && free.length > 0) raw[leading.name] = free.shift()!;
  if (free.length > 0) {
    if (!main)
      return {
        ok: false,
        name,
        error: `\`/papers ${name}\` does not take ${quoted(free.join(' '), 60)}.\n${usageOf(def)}${keyValueHint(def)}`,
      };
    if (raw[main.name] !== undefined) return { ok: false, name, error: `Give ${main.name} once.\n${usageOf(def)}` };
    raw[main.name] = free.join(' ');
  }
  return { ok: true, name, raw };
}

const show = (value: string) => quoted(value, 40);

function keyValueHint(def: CommandDef): string {
  const keys = def.options.filter((o) => !o.main);
  return keys.length ? `\nOptions are written key:value, e.g. \`${keys[0]!.name}:…\`; quote values with spaces.` : '';
}
