import { isValidTimeZone } from '../src/time/dates.js';
import { UserError } from '../src/errors.js';
import { parseFilter } from '../src/filter/filter.js';
import { DEFAULT_DIGEST_SETTINGS, reply, type Reply } from '../src/model.js';
import { parseTimeOfDay, type Subscription } from '../src/subscriptions/subscription.js';
import { describeSubscription } from './describe.js';
import { FEED_OPTION, feedOf, MAX_FEEDS_PER_CHANNEL } from './feed-option.js';
import { oneDayPreview } from './preview-days.js';
import { arxivOneDayPreview } from './preview-arxiv.js';
import { RANK_OPTION, rankLine } from './rank-line.js';
import { applyRecap, RECAP_OPTION, refuseSecondRecap } from './subscribe-recap.js';
import { applyDays, DAYS_OPTION, NEW_FEED_DAYS } from './subscribe-days.js';
import { applyReminder, REMINDER_OPTION } from './subscribe-reminder.js';
import { applySource, ARXIV_OPTIONS, checkSettings, MAX_ARXIV_COUNT } from './subscribe-arxiv.js';
import { defaultTimeZone, zoneNote } from './subscribe-zone.js';
import { suggestTime, suggestTimeZone } from './subscribe-suggest.js';
import { OptionMistake } from './mistakes.js';
import { OWN_FEED_NOTE, placeOf, refuseForOwnFeed } from './own-feed.js';
import type { Command, CommandContext, CommandInput } from './types.js';
import { quoted } from '../src/text/verbatim.js';
import { code } from '../src/text/rich.js';

/** `/papers subscribe …`: start (or change) this channel's daily post. Admins only. */
export const subscribe: Command = {
  def: {
    name: 'subscribe',
    description: 'Post papers here, on weekdays or daily',
    options: [
      FEED_OPTION,
      { name: 'time', description: 'Local time to post, HH:MM 24-hour (default 09:00)', type: 'string', maxLength: 5 },
      {
        name: 'timezone',
        description: 'IANA time zone, e.g. Europe/Berlin (default: yours on Slack, UTC on Discord)',
        type: 'string',
        maxLength: 64,
        aliases: ['tz'],
        autocomplete: true,
      },
      {
        name: 'count',
        description: 'Papers per post, 1–10 (default 5); arXiv feeds in compact or thread layout up to 50',
        type: 'integer',
        min: 1,
        max: MAX_ARXIV_COUNT,
      },
      {
        name: 'keywords',
        description: `Filter: agents 'tool use' -survey author:'Yann LeCun' category:cs.CL (see help; "none" clears)`,
        type: 'string',
        maxLength: 300,
      },
      {
        name: 'min_upvotes',
        description: 'Only papers with at least this many HF upvotes',
        type: 'integer',
        min: 0,
        max: 10_000,
        aliases: ['min'],
      },
      {
        name: 'day',
        description: "previous (settled upvotes, default) or current (today's list so far)",
        type: 'string',
        choices: ['previous', 'current'],
      },
      DAYS_OPTION,
      {
        name: 'empty_days',
        description: 'On days without papers: note (default) or silent',
        type: 'string',
        choices: ['note', 'silent'],
        aliases: ['empty'],
      },
      {
        name: 'layout',
        description:
          "messages (default), thread (papers in the header's thread), compact (one list, vote 1️⃣–🔟), forum",
        type: 'string',
        choices: ['messages', 'thread', 'compact', 'forum'],
      },
      RECAP_OPTION,
      REMINDER_OPTION,
      ...ARXIV_OPTIONS,
      RANK_OPTION,
    ],
    adminOnly: true,
    inDirectMessages: true,
    slow: false,
    private: false,
  },
  async run(input, ctx) {
    const feed = feedOf(input);
    refuseForOwnFeed(input, ctx);
    const stored = await ctx.stores.subscriptions.get(ctx.channel, feed);
    if (!stored && feed) {
      const others = await ctx.stores.subscriptions.inChannel(ctx.channel);
      if (others.length >= MAX_FEEDS_PER_CHANNEL) {
        throw new UserError(
          `${placeOf(ctx).has} ${others.length} feeds already, the most it can have; change or unsubscribe one (${code('/papers feeds')} lists them).`,
        );
      }
    }
    await refuseSecondRecap(ctx, feed, input.recap === undefined ? undefined : String(input.recap));
    const draft = planned(stored, input, ctx, feed);
    const arxiv = draft.arxiv;
    const preview = arxiv ? await arxivOneDayPreview({ ...draft, arxiv }, ctx) : await oneDayPreview(draft, ctx);
    let existing: Subscription | undefined;
    // Atomic: a delivery recording its result at the same moment neither loses this change nor undoes it.
    const sub = (await ctx.stores.subscriptions.update(
      ctx.channel,
      (current) => {
        existing = current;
        return planned(current, input, ctx, feed);
      },
      feed,
    ))!;
    const rank = await rankLine(sub, ctx);
    const confirmed = confirmation(sub, existing, input, ctx, [rank, preview].filter(Boolean).join('\n'));
    if (!ctx.postInChannel) return confirmed;
    // Where the bot must prove it can post here (Slack), the confirmation goes out once the change is
    // stored (never before: a failed write would leave the channel told of a change that is not there),
    // and the change is undone when the confirmation cannot land.
    const refusal = await ctx.postInChannel(confirmed).catch(async (error: unknown) => {
      await undo(ctx, sub, existing, feed);
      throw error;
    });
    if (!refusal) return reply('');
    await undo(ctx, sub, existing, feed);
    return reply(refusal);
  },
  async suggest(option, partial) {
    if (option !== 'timezone') return [];
    const needle = partial.trim().toLowerCase().replace(/\s+/g, '_');
    return ZONES.filter((z) => z.toLowerCase().includes(needle)).map((z) => ({ name: z, value: z }));
  },
};

export function planned(
  stored: Subscription | undefined,
  input: CommandInput,
  ctx: CommandContext,
  feed: string | undefined,
): Subscription {
  const next: Subscription = {
    channel: ctx.channel,
    ...(feed ? { feed } : {}),
    time: '09:00',
    timeZone: defaultTimeZone(ctx),
    settings: { ...DEFAULT_DIGEST_SETTINGS },
    day: 'previous',
    days: NEW_FEED_DAYS,
    emptyDayNote: true,
    createdAt: new Date(ctx.clock.now()).toISOString(),
    createdBy: ctx.userId,
    // In a person's own DM, the feed is theirs: ranked for them, its votes their own.
    ...(ctx.personalFeed ? { owner: ctx.userId } : {}),
    ...stored,
    // A feed stored before `days` existed keeps posting every day.
    ...(stored && !stored.days ? { days: 'daily' as const } : {}),
    failures: 0,
  };
  next.settings = { ...next.settings };
  applyInput(next, input);
  if (input.recap !== undefined) applyRecap(next, String(input.recap), ctx.clock.now());
  if (input.reminder !== undefined) applyReminder(next, String(input.reminder));
  checkSettings(next, input);
  delete next.paused;
  return next;
}

/** Puts back what was stored before `sub`, unless someone changed it since; a failure is logged (the refusal matters more). */
async function undo(
  ctx: CommandContext,
  sub: Subscription,
  existing: Subscription | undefined,
  feed: string | undefined,
): Promise<void> {
  const ours = JSON.stringify(sub);
  await ctx.stores.subscriptions
    .update(ctx.channel, (current) => (JSON.stringify(current) === ours ? existing : current), feed)
    .catch((error: unknown) =>
      ctx.logger.warn('subscribe: could not undo a change whose confirmation did not land', {
        channel: ctx.channel,
        error,
      }),
    );
}

function confirmation(
  sub: Subscription,
  existing: Subscription | undefined,
  input: CommandInput,
  ctx: CommandContext,
  preview = '',
): Reply {
  const verb = existing ? (existing.paused ? 'Resumed and updated' : 'Updated') : 'Subscribed';
  const which = sub.feed ? ` (feed "${sub.feed}")` : '';
  const zone = zoneNote(existing, input, ctx);
  return reply(
    [
      `📬 ${verb}${which}: ${describeSubscription(sub, ctx.clock.now(), zone.inline)}`,
      zone.hint,
      sub.owner && !existing ? OWN_FEED_NOTE : '',
      preview,
    ]
      .filter(Boolean)
      .join('\n'),
    { private: false },
  );
}

const ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone')];

function applyInput(sub: Subscription, input: CommandInput): void {
  applySource(sub, input);
  if (input.time !== undefined) {
    const time = parseTimeOfDay(String(input.time));
    if (!time)
      throw new OptionMistake(
        'time',
        `${quoted(String(input.time), 40)} is not a time of day; use 24-hour HH:MM, e.g. 09:00 or 18:30.`,
        suggestTime(String(input.time)),
      );
    sub.time = time;
  }
  if (input.timezone !== undefined) {
    const zone = String(input.timezone);
    if (!isValidTimeZone(zone)) {
      const meant = suggestTimeZone(zone);
      throw new OptionMistake(
        'timezone',
        meant
          ? `${quoted(zone, 60)} is not a time zone I know.`
          : `${quoted(zone, 60)} is not a time zone I know; use an IANA name such as Europe/Berlin, America/New_York or UTC.`,
        meant,
      );
    }
    sub.timeZone = zone;
  }
  if (input.count !== undefined) sub.settings.count = Number(input.count);
  if (input.min_upvotes !== undefined) sub.settings.minUpvotes = Number(input.min_upvotes);
  if (input.keywords !== undefined) sub.settings.keywords = parseKeywords(String(input.keywords));
  if (input.day !== undefined) sub.day = input.day as Subscription['day'];
  if (input.empty_days !== undefined) sub.emptyDayNote = input.empty_days === 'note';
  if (input.layout !== undefined) sub.layout = input.layout as Subscription['layout'];
  applyDays(sub, input);
  if (input.rank !== undefined) sub.rank = input.rank as Subscription['rank'];
}

/** The `keywords` option: filter text (`src/filter/`), checked here so a mistake is answered at once. */
export function parseKeywords(text: string): string {
  const filter = text.trim();
  if (/^(none|-|clear)$/i.test(filter)) return '';
  parseFilter(filter);
  return filter;
}
