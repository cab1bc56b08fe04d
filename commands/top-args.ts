import { UserError } from '../src/errors.js';
import type { CommandInput } from './types.js';
import { quoted } from '../src/text/verbatim.js';
import { closest } from '../src/text/closest.js';
import { OptionMistake } from './mistakes.js';

export const PERIODS = {
  day: { days: 1, label: 'in the last day' },
  week: { days: 7, label: 'in the last 7 days' },
  month: { days: 30, label: 'in the last 30 days' },
  year: { days: 365, label: 'in the last year' },
  all: { days: Infinity, label: 'of all time' },
} as const;
export type Period = keyof typeof PERIODS;

/** The papers leaderboard, the caller's own votes, or who votes most. */
export type TopView = 'papers' | 'me' | 'voters';

export interface TopArgs {
  view: TopView;
  period: Period;
  /** Rows asked for; undefined: the view's default (an export: every row). */
  limit?: number;
  format: 'text' | 'csv';
}

export const MAX_LIMIT = 25;
/** Other words for the periods, read as them (`top weekly`). */
const SYNONYMS: Readonly<Record<string, Period>> = { daily: 'day', weekly: 'week', monthly: 'month', yearly: 'year' };
const synonym = (word: string): Period | undefined => (Object.hasOwn(SYNONYMS, word) ? SYNONYMS[word] : undefined);
const isPeriod = (w: string): w is Period => Object.hasOwn(PERIODS, w);

/**
 * Reads `top [me|voters] [day|week|month|year|all] [limit]` from the free text (any order), plus
 * the `limit` and `format` options. The period and view share one free-text option so that Slack's
 * `/papers top all 20` and Discord's `period:` field read the same.
 */
export function parseTopArgs(input: CommandInput): TopArgs {
  const args: TopArgs = { view: 'papers', period: 'week', format: input.format === 'csv' ? 'csv' : 'text' };
  const words = String(input.period ?? '')
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  const seen = new Set<string>();
  for (const word of words) {
    const w = synonym(word) ?? word;
    const kind = isPeriod(w) ? 'period' : w === 'me' || w === 'voters' ? 'view' : /^\d+$/.test(w) ? 'limit' : undefined;
    if (!kind) {
      const meant = closest(w, [...Object.keys(PERIODS), 'me', 'voters', ...Object.keys(SYNONYMS)]);
      throw new OptionMistake(
        'period',
        `period must be one of day, week, month, year, all (or me, voters, and a number of rows); ${quoted(w, 40)} is not.`,
        meant && (synonym(meant) ?? meant),
      );
    }
    if (seen.has(kind))
      throw new UserError(
        `Give one ${kind === 'view' ? 'of me or voters' : kind}, not ${quoted(words.join(' '), 60)}.`,
      );
    seen.add(kind);
    if (kind === 'period') args.period = w as Period;
    else if (kind === 'view') args.view = w as TopView;
    else args.limit = Number(w);
  }
  if (typeof input.limit === 'number') {
    if (args.limit !== undefined && args.limit !== input.limit) throw new UserError('Give the number of rows once.');
    args.limit = input.limit;
  }
  if (args.limit !== undefined && (args.limit < 1 || args.limit > MAX_LIMIT))
    throw new UserError(`limit must be from 1 to ${MAX_LIMIT}; ${args.limit} is out of range.`);
  if (args.format === 'csv' && args.view !== 'papers')
    throw new UserError('format:csv exports the papers leaderboard: leave out me and voters.');
  return args;
}

/** Suggestions for the free-text option as it is typed (Discord autocomplete). */
export function suggestTopArgs(partial: string): { name: string; value: string }[] {
  const all = ['week', 'day', 'month', 'year', 'all', 'me', 'me all', 'voters', 'voters all', 'all 10', 'all 25'];
  const p = partial.trim().toLowerCase();
  return all.filter((s) => s.startsWith(p)).map((s) => ({ name: s, value: s }));
}

/** The start of the period (ms), 0 for all time. */
export const periodStart = (period: Period, now: number): number =>
  PERIODS[period].days === Infinity ? 0 : now - PERIODS[period].days * 86_400_000;
