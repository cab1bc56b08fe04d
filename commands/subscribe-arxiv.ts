import { UserError } from '../src/errors.js';
import { arxivCategory } from '../src/papers/arxiv-taxonomy.js';
import type { ArxivInclude, Subscription } from '../src/subscriptions/subscription.js';
import { quoted } from '../src/text/verbatim.js';
import type { CommandInput, OptionDef } from './types.js';

/** Papers a post may carry: 10 for Hugging Face feeds and one-message-per-paper layouts, more for arXiv lists and threads. */
export const MAX_COUNT = 10;
export const MAX_ARXIV_COUNT = 50;
/** Categories one arXiv feed follows (one listing; arXiv caps a listing at 2,000 papers). */
export const MAX_CATEGORIES = 10;

/** The options that make a feed an arXiv feed; Discord's options and Slack's `key:value` come from these. */
export const ARXIV_OPTIONS: readonly OptionDef[] = [
  {
    name: 'source',
    description: 'Where papers come from: hf (Hugging Face Daily Papers, default) or arxiv (its listings)',
    type: 'string',
    choices: ['hf', 'arxiv'],
  },
  {
    name: 'categories',
    description: 'arXiv categories to follow with source:arxiv, comma-separated, e.g. cs.RO,cs.LG',
    type: 'string',
    maxLength: 200,
    aliases: ['cats'],
  },
  {
    name: 'include',
    description: 'arXiv: new (new papers), cross (and cross-lists, default) or all (and replacements)',
    type: 'string',
    choices: ['new', 'cross', 'all'],
  },
];

/** `cs.RO, cs.lg` → `['cs.LG', 'cs.RO']`: arXiv's spelling, sorted, each once; a clear refusal otherwise. */
export function parseCategories(text: string): string[] {
  const names = text
    .split(/[\s,+]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UserError('categories: needs at least one arXiv category, e.g. categories:cs.RO.');
  const categories = names.map((name) => {
    const known = arxivCategory(name);
    if (!known)
      throw new UserError(
        `${quoted(name, 30)} is not an arXiv category; use names like cs.RO, q-bio.NC or quant-ph (https://arxiv.org/category_taxonomy).`,
      );
    return known;
  });
  const unique = [...new Set(categories)].sort();
  if (unique.length > MAX_CATEGORIES)
    throw new UserError(`An arXiv feed follows at most ${MAX_CATEGORIES} categories; ${unique.length} were given.`);
  return unique;
}

/** Sets (or clears) the feed's arXiv source from `source:`, `categories:` and `include:`. */
export function applySource(sub: Subscription, input: CommandInput): void {
  const wantsArxiv = input.source === 'arxiv' || (input.source === undefined && sub.arxiv !== undefined);
  const arxivOnly = ['categories', 'include'].filter((o) => input[o] !== undefined);
  if (!wantsArxiv) {
    if (arxivOnly.length > 0)
      throw new UserError(
        `${arxivOnly.map((o) => `${o}:`).join(' and ')} ${arxivOnly.length > 1 ? 'are' : 'is'} for arXiv feeds: add source:arxiv.`,
      );
    delete sub.arxiv;
    return;
  }
  const categories = input.categories !== undefined ? parseCategories(String(input.categories)) : sub.arxiv?.categories;
  if (!categories)
    throw new UserError('An arXiv feed needs its categories, e.g. `source:arxiv categories:cs.RO,cs.LG`.');
  const include = (input.include as ArxivInclude | undefined) ?? sub.arxiv?.include ?? 'cross';
  sub.arxiv = { categories, include };
}

/** What a feed's settings must agree on once every option is applied; a refusal names the option. */
export function checkSettings(sub: Subscription, input: CommandInput): void {
  if (sub.arxiv) {
    if (input.min_upvotes !== undefined && Number(input.min_upvotes) > 0)
      throw new UserError(
        'min_upvotes counts Hugging Face upvotes, which arXiv listings do not have; leave it out for an arXiv feed.',
      );
    if (input.day !== undefined)
      throw new UserError(
        'day: picks a Hugging Face day; an arXiv feed posts the latest arXiv announcement. Leave it out.',
      );
    sub.settings.minUpvotes = 0;
  }
  const count = sub.settings.count;
  if (count <= MAX_COUNT) return;
  if (!sub.arxiv)
    throw new UserError(
      `count must be from 1 to ${MAX_COUNT}; ${count} is out of range (more is for arXiv feeds, source:arxiv, in layout:compact or layout:thread).`,
    );
  if (sub.layout !== 'compact' && sub.layout !== 'thread')
    throw new UserError(
      `An arXiv feed posts more than ${MAX_COUNT} papers only with layout:compact or layout:thread (a message per paper would flood the channel).`,
    );
}
