import { parseArgs } from 'node:util';
import { parseCategories } from '../../commands/subscribe-arxiv.js';
import { includedEntries } from '../../src/arxiv-feed/choose.js';
import { categoriesLabel, includedWord } from '../../src/arxiv-feed/wording.js';
import { UserError } from '../../src/errors.js';
import type { Paper } from '../../src/model.js';
import { toCard } from '../../src/papers/card.js';
import { arxivAbsUrl, arxivPdfUrl } from '../../src/papers/paper-id.js';
import type { StoredAnnouncement, StoredEntry } from '../../src/store/arxiv-listing-store.js';
import type { ArxivInclude } from '../../src/subscriptions/subscription.js';
import { latestListed } from '../../src/time/arxiv-calendar.js';
import { plainText } from '../../src/text/verbatim.js';
import { isValidDay, longDay } from '../../src/time/dates.js';
import type { Services } from '../bot/services.js';
import { wrap } from './format.js';
import type { Io } from './io.js';

const INCLUDES: readonly ArxivInclude[] = ['new', 'cross', 'all'];

/**
 * `paperfeed digest --source arxiv --categories cs.CL[,…] [--date D] [--include new|cross|all]
 * [--count N] [--json]`: the latest announcement of the categories (one fetch of arXiv's listing,
 * stored like a feed's), or the one dated D from the store. Each paper once, by its id without version.
 */
export async function digestArxiv(args: string[], services: Services, io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      source: { type: 'string' },
      categories: { type: 'string' },
      date: { type: 'string' },
      include: { type: 'string' },
      count: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.categories === undefined)
    throw new UserError('--source arxiv needs --categories, e.g. --categories cs.CL or --categories cs.RO,cs.LG');
  const categories = inTerminal(() => parseCategories(values.categories!));
  const include = (values.include ?? 'cross') as ArxivInclude;
  if (!INCLUDES.includes(include)) throw new UserError(`--include must be new, cross or all, not "${values.include}"`);
  const count = values.count === undefined ? Infinity : Number(values.count);
  if (!Number.isInteger(count) && count !== Infinity) throw new UserError('--count must be a whole number');
  if (count < 1) throw new UserError('--count must be at least 1');
  const { announcements } = services.arxivFeeds;
  let announcement: StoredAnnouncement | undefined;
  if (values.date !== undefined) {
    if (!isValidDay(values.date))
      throw new UserError(`--date must be a calendar date written YYYY-MM-DD, not "${values.date}"`);
    announcement = await announcements.get(categories, values.date);
    if (!announcement) {
      const stored = await announcements.dates(categories);
      io.err(
        `paperfeed: no stored arXiv announcement of ${categoriesLabel(categories)} dated ${values.date} (stored: ${stored.join(', ') || 'none'}). arXiv's listing shows only the latest; a feed or this command without --date stores it.`,
      );
      return 1;
    }
  } else {
    // What arXiv's listing shows now (a terminal does not wait for the midnight rebuild, as a feed does).
    const latest = await announcements.latest(categories, latestListed(services.clock.now()));
    if (latest.status === 'current') announcement = latest.announcement;
    else {
      io.err(`note: arXiv's listing of ${categoriesLabel(categories)} is behind arXiv's calendar (it is late).`);
      announcement = latest.shows ? await announcements.get(categories, latest.shows) : undefined;
      if (!announcement) {
        io.out(`arXiv's listing of ${categoriesLabel(categories)} shows no announcement yet.`);
        return 0;
      }
    }
  }
  const entries = includedEntries([announcement], include).slice(0, count);
  const byId = await announcements.papers(entries);
  const rows = entries.flatMap((e) => {
    const paper = byId.get(e.id);
    return paper ? [{ entry: e, paper }] : [];
  });
  const total = includedEntries([announcement], include).length;
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          source: 'arxiv',
          categories,
          date: announcement.date,
          include,
          total,
          papers: rows.map(({ entry, paper }, i) => arxivPaperJson(paper, entry, i + 1)),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  io.out(formatAnnouncement(announcement, categories, include, total, rows, io.columns ?? 100));
  return 0;
}

/** Runs a check written for chat replies, with its marks for outside text removed for the terminal. */
function inTerminal<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof UserError) throw new UserError(plainText(error.message));
    throw error;
  }
}

function arxivPaperJson(p: Paper, e: StoredEntry, rank: number) {
  return {
    rank,
    id: p.id,
    announceType: e.type,
    version: e.v,
    title: p.title,
    authors: p.authors.map((a) => a.name),
    categories: p.categories ?? [],
    url: arxivAbsUrl(p.id),
    pdfUrl: arxivPdfUrl(p.id),
    abstract: p.abstract,
    publishedAt: p.publishedAt ?? null,
  };
}

function formatAnnouncement(
  a: StoredAnnouncement,
  categories: readonly string[],
  include: ArxivInclude,
  total: number,
  rows: { entry: StoredEntry; paper: Paper }[],
  width: number,
): string {
  const shown = rows.length < total ? ` (first ${rows.length})` : '';
  const head = `arXiv ${categoriesLabel(categories)} · ${longDay(a.date)} · ${total} ${includedWord(include)}${shown}`;
  if (rows.length === 0) return head;
  const indent = ' '.repeat(18);
  const list = rows.map(({ entry, paper }, i) => {
    const card = toCard(paper, { authors: true });
    const tag = `${entry.type}${entry.v > 1 ? ` v${entry.v}` : ''}`;
    return [
      `${String(i + 1).padStart(3)}. ${tag.padEnd(13)} ${wrap(card.title, width, indent)}`,
      `${indent}${arxivAbsUrl(paper.id)} · ${(paper.categories ?? []).join(', ')}`,
      `${indent}${wrap(card.authors ?? '', width, indent)}`,
    ].join('\n');
  });
  return `${head}\n\n${list.join('\n\n')}`;
}
