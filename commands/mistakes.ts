import { UserError } from '../src/errors.js';
import type { CommandDef, OptionDef } from './types.js';

/**
 * A mistake in one option's value. Commands throw it with what is wrong and, when one is close,
 * the value probably meant; the registry (and Slack's parser) answer it in at most three lines:
 * the problem with the suggestion in the platform's syntax, that option's usage, and where the
 * full usage is (`describeMistake`).
 */
export class OptionMistake extends UserError {
  constructor(
    readonly option: string,
    readonly problem: string,
    /** The whole value probably meant (`Europe/Berlin`), shown as the platform types it. */
    readonly suggestion?: string,
  ) {
    super(suggestion ? `${problem} Did you mean ${suggestion}?` : problem);
  }
}

/** How an option is typed: `count:N` where options are key:value text (Slack), else its name. */
export function optionUsage(o: OptionDef, keyValue: boolean): string {
  const value = o.choices ? o.choices.join('|') : o.type === 'integer' ? 'N' : '…';
  if (!keyValue) return o.name;
  return o.main ? `[${o.name}]` : `${o.name}:${value}`;
}

/** An option's usage in a mistake: Slack's free-text option as the command line it is part of (`/papers top [period]`). */
const usageIn = (def: CommandDef, o: OptionDef, keyValue: boolean): string =>
  keyValue && o.main ? `/papers ${def.name} ${o.required ? `<${o.name}>` : `[${o.name}]`}` : optionUsage(o, keyValue);

/** `/papers help subscribe`, or Discord's `/papers help command:subscribe`. */
export const fullUsage = (def: CommandDef, keyValue: boolean): string =>
  `Full usage: \`/papers help ${keyValue ? '' : 'command:'}${def.name}\``;

/** An option's value as typed on this platform: `timezone:Europe/Berlin` on Slack, `Europe/Berlin` on Discord. */
export function typedValue(o: OptionDef | undefined, value: string, keyValue: boolean): string {
  if (!keyValue || !o || o.main) return value;
  return `${o.name}:${/\s/.test(value) ? `"${value}"` : value}`;
}

/** The three lines of a mistake in `def`'s options. */
export function describeMistake(def: CommandDef, mistake: OptionMistake, keyValue: boolean): string {
  const o = def.options.find((x) => x.name === mistake.option);
  const meant =
    mistake.suggestion === undefined ? '' : ` Did you mean \`${typedValue(o, mistake.suggestion, keyValue)}\`?`;
  return [
    `${mistake.problem}${meant}`,
    ...(o ? [`\`${usageIn(def, o, keyValue)}\` — ${o.description}`] : []),
    fullUsage(def, keyValue),
  ].join('\n');
}

/** A mistake that is not about one option: the problem and where the full usage is. */
export const describeOther = (def: CommandDef, problem: string, keyValue: boolean): string =>
  `${problem}\n${fullUsage(def, keyValue)}`;
