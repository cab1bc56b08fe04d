import { addDays, dayInZone, isValidDay } from '../src/time/dates.js';
import { UserError } from '../src/errors.js';
import { reply } from '../src/model.js';
import { firstDayOwed, lastSlot, pauseEnded } from '../src/delivery/post-slots.js';
import { feedLabel } from '../src/subscriptions/subscription.js';
import { FEED_OPTION, feedOf, requireFeed, updateFeed } from './feed-option.js';
import { placeOf } from './own-feed.js';
import type { Command } from './types.js';
import { quoted } from '../src/text/verbatim.js';
import { code } from '../src/text/rich.js';

/** `/papers pause [name] [until]`: stop a feed by hand, keeping its settings. Admins only. */
export const pause: Command = {
  def: {
    name: 'pause',
    description: 'Pause a feed, keeping its settings',
    options: [
      { ...FEED_OPTION, main: true },
      {
        name: 'until',
        description: "Resume by itself on this date, YYYY-MM-DD (the feed's own time zone)",
        type: 'string',
        maxLength: 10,
      },
    ],
    adminOnly: true,
    inDirectMessages: true,
    slow: false,
    private: false,
  },
  async run(input, ctx) {
    const feed = feedOf(input);
    const current = await requireFeed(ctx, feed);
    const now = ctx.clock.now();
    const until = input.until === undefined ? undefined : String(input.until).trim();
    if (until !== undefined) {
      if (!isValidDay(until))
        throw new UserError(
          `${quoted(until, 12)} is not a date; use YYYY-MM-DD, e.g. ${addDays(dayInZone(now, current.timeZone), 14)}.`,
        );
      if (until <= dayInZone(now, current.timeZone))
        throw new UserError(
          `${until} is not in the future (today is ${dayInZone(now, current.timeZone)} in ${current.timeZone}).`,
        );
    }
    const at = new Date(now).toISOString();
    const sub = await updateFeed(ctx, feed, (s) => ({
      ...s,
      paused: {
        reason: `paused by ${ctx.userId.split(':')[1] ?? 'an admin'}`,
        at,
        told: true,
        byHand: true,
        ...(until ? { until } : {}),
      },
      // Days skipped while paused are not caught up when it ends; that day's post owes what it
      // covers as usual (a weekdays feed's Monday: Friday).
      ...(until ? { resumeFrom: firstDayOwed(s, until) } : {}),
    }));
    const place = placeOf(ctx);
    const when = until
      ? `until ${until}; it resumes by itself that day`
      : `until ${place.admin} run${ctx.personalFeed ? '' : 's'} ${code('/papers resume')}`;
    return reply(`⏸️ Paused ${feedLabel(sub)} ${place.in} ${when}. Its settings are kept.`, { private: false });
  },
};

/** `/papers resume [name]`: end a pause, by hand or after failures, keeping every setting. Admins only. */
export const resume: Command = {
  def: {
    name: 'resume',
    description: 'Resume a paused feed with its settings unchanged',
    options: [{ ...FEED_OPTION, main: true }],
    adminOnly: true,
    inDirectMessages: true,
    slow: false,
    private: false,
  },
  async run(input, ctx) {
    const feed = feedOf(input);
    const current = await requireFeed(ctx, feed);
    const now = ctx.clock.now();
    if (!current.paused || pauseEnded(current, now))
      return reply(`${feedLabel(current)} is not paused.`.replace(/^./, (c) => c.toUpperCase()));
    // The post due now (or the next one) is owed; days skipped while paused are not.
    const due = firstDayOwed(current, lastSlot(current.time, current.timeZone, now).date);
    const sub = await updateFeed(ctx, feed, (s) => {
      const { paused: _resumed, ...rest } = s;
      return { ...rest, failures: 0, resumeFrom: s.paused?.byHand ? due : s.resumeFrom };
    });
    return reply(`▶️ Resumed ${feedLabel(sub)} ${placeOf(ctx).in}, settings unchanged.`, { private: false });
  },
};
