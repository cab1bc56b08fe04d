import { UserError } from '../src/errors.js';
import type { CommandDef, CommandInput } from './types.js';
import { quoted, verbatim } from '../src/text/verbatim.js';
import { closest } from '../src/text/closest.js';
import { OptionMistake } from './mistakes.js';

/**
 * Checks raw option values against a command's definition: presence, integer parsing, bounds,
 * lengths and choices. Returns clean values; throws a `UserError` naming the option otherwise.
 */
export function validateInput(def: CommandDef, raw: Record<string, unknown>): CommandInput {
  const known = new Set(def.options.map((o) => o.name));
  const unknown = Object.keys(raw).filter((k) => !known.has(k) && raw[k] !== undefined);
  if (unknown.length > 0) {
    const hint = def.options.length
      ? ` It takes: ${def.options.map((o) => o.name).join(', ')}.`
      : ' It takes no options.';
    const meant = closest(unknown[0]!, known);
    throw new UserError(
      `/papers ${def.name} has no option ${quoted(unknown[0]!, 40)}.${meant ? ` Did you mean \`${meant}\`?` : hint}`,
    );
  }
  const out: Record<string, string | number | undefined> = {};
  for (const o of def.options) {
    const value = raw[o.name];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (o.required)
        throw new OptionMistake(
          o.name,
          `/papers ${def.name} needs ${article(o.name)} ${o.name}: ${o.description.toLowerCase()}.`,
        );
      continue;
    }
    if (o.type === 'integer') {
      // Typed text must be plain decimal digits: Number() would also take "1e1", "0x5" or "5.0".
      const text = String(value).trim();
      const whole = typeof value === 'number' ? Number.isInteger(value) : /^-?\d+$/.test(text);
      if (!whole)
        throw new OptionMistake(
          o.name,
          `${o.name} must be a whole number in plain digits; ${quoted(text, 40)} is not.`,
        );
      const n = Number(text);
      if (!Number.isSafeInteger(n) || (o.min !== undefined && n < o.min) || (o.max !== undefined && n > o.max)) {
        throw new OptionMistake(
          o.name,
          `${o.name} must be from ${o.min ?? '…'} to ${o.max ?? '…'}; ${verbatim(text.slice(0, 40))} is out of range.`,
        );
      }
      out[o.name] = n;
      continue;
    }
    const text = String(value).trim();
    if (o.maxLength !== undefined && text.length > o.maxLength) {
      throw new OptionMistake(o.name, `${o.name} is too long: ${text.length} characters, at most ${o.maxLength}.`);
    }
    if (o.minLength !== undefined && text.length < o.minLength) {
      throw new OptionMistake(o.name, `${o.name} is too short: at least ${o.minLength} characters.`);
    }
    if (o.choices && !o.choices.includes(text.toLowerCase())) {
      throw new OptionMistake(
        o.name,
        `${o.name} must be one of ${o.choices.join(', ')}; ${quoted(text, 40)} is not.`,
        closest(text, o.choices),
      );
    }
    out[o.name] = o.choices ? text.toLowerCase() : text;
  }
  return out;
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');
