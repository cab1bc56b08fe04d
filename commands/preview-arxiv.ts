import { chooseArxiv, includedEntries } from '../src/arxiv-feed/choose.js';
import { categoriesLabel, includedWord } from '../src/arxiv-feed/wording.js';
import type { Digest } from '../src/model.js';
import type { ArxivSource, Subscription } from '../src/subscriptions/subscription.js';
import { latestListed } from '../src/time/arxiv-calendar.js';
import { longDay } from '../src/time/dates.js';
import { strong } from '../src/text/rich.js';
import { verbatim } from '../src/text/verbatim.js';
import type { CommandContext } from './types.js';

/** Announcements a preview of an arXiv feed shows, newest first. */
const PREVIEW_ANNOUNCEMENTS = 3;

/** One announcement of a preview: its date, then the titles the feed would have posted. */
export function arxivPreviewLines(d: Digest, source: ArxivSource): string[] {
  const when = longDay(d.date);
  const what = includedWord(source.include);
  if (d.totalThatDay === 0)
    return [
      `${strong(when)}: no ${what} in ${categoriesLabel(source.categories)} (a one-line note, or nothing with empty_days:silent).`,
    ];
  if (d.papers.length === 0)
    return [
      `${strong(when)}: none of its ${d.totalThatDay} ${what} match (a one-line note, or nothing with empty_days:silent).`,
    ];
  return [
    `${strong(when)} (${d.papers.length} of ${d.totalThatDay}):`,
    ...d.papers.map((p, i) => `${i + 1}. ${verbatim(p.title)} (${p.id})`),
  ];
}

/**
 * What an arXiv feed with these settings would have posted from arXiv's latest announcements (the
 * current listing, fetched once and shared like a feed's, and those stored before it).
 */
export async function arxivPreview(
  sub: Subscription & Required<Pick<Subscription, 'arxiv'>>,
  ctx: CommandContext,
  announcements = PREVIEW_ANNOUNCEMENTS,
): Promise<string[]> {
  const arxiv = ctx.arxiv;
  if (!arxiv) return ['arXiv listings are not set up on this bot.'];
  const { categories } = sub.arxiv;
  const latest = await arxiv.latest(categories, latestListed(ctx.clock.now()));
  const note =
    latest.status === 'stale'
      ? [
          `arXiv's listing of ${categoriesLabel(categories)} is behind arXiv's calendar (it still shows an older announcement).`,
        ]
      : [];
  const dates = (await arxiv.dates(categories)).slice(-announcements).reverse();
  if (dates.length === 0)
    return [...note, `arXiv's listing of ${categoriesLabel(categories)} shows no announcement yet.`];
  const lines = [...note];
  for (const date of dates) {
    const announcement = await arxiv.get(categories, date);
    const entries = includedEntries(announcement ? [announcement] : [], sub.arxiv.include);
    const byId = await arxiv.papers(entries);
    const d = chooseArxiv(
      date,
      entries.flatMap((e) => byId.get(e.id) ?? []),
      sub.settings,
    );
    lines.push(...arxivPreviewLines(d, sub.arxiv));
  }
  return lines;
}

/** The one-announcement preview under a subscribe confirmation; empty when it is not at hand within `withinMs`. */
export async function arxivOneDayPreview(
  sub: Subscription & Required<Pick<Subscription, 'arxiv'>>,
  ctx: CommandContext,
  withinMs = 1000,
): Promise<string> {
  const stopWaiting = new AbortController();
  const late = ctx.clock.sleep(withinMs, stopWaiting.signal).then(
    () => undefined,
    () => undefined,
  );
  try {
    // A courtesy: arXiv being slow or down never holds up or fails the subscribe.
    if (!ctx.arxiv) return '';
    const lines = await Promise.race([arxivPreview(sub, ctx, 1).catch(() => undefined), late]);
    return lines ? ["Its post of arXiv's latest announcement would have been:", ...lines].join('\n') : '';
  } finally {
    stopWaiting.abort();
  }
}
