import { UserError } from '../src/errors.js';
import { nextRecapSlot, parseRecap, RecapInputError } from '../src/delivery/recap-timing.js';
import { parseTimeOfDay, type Subscription } from '../src/subscriptions/subscription.js';
import { formatLocal } from '../src/time/zoned-time.js';
import type { CommandContext, OptionDef } from './types.js';
import { OptionMistake } from './mistakes.js';
import { closest } from '../src/text/closest.js';
import { code } from '../src/text/rich.js';

/** `subscribe`'s `recap` option: a weekly recap of the team's most-voted papers, or `off`. */
export const RECAP_OPTION: OptionDef = {
  name: 'recap',
  description: 'Weekly recap of the most-voted papers: a weekday and time, e.g. "friday 16:00", or off',
  type: 'string',
  maxLength: 30,
};

/** Applies `recap:` to a planned subscription; the same weekday and time keep their start, so a due recap is not skipped. */
export function applyRecap(sub: Subscription, text: string, now: number): void {
  let parsed: ReturnType<typeof parseRecap>;
  try {
    parsed = parseRecap(text);
  } catch (error) {
    if (error instanceof RecapInputError) throw new OptionMistake('recap', error.message, suggestRecap(text));
    throw error;
  }
  if (parsed === 'off') {
    delete sub.recap;
    return;
  }
  const same = sub.recap?.weekday === parsed.weekday && sub.recap.time === parsed.time;
  sub.recap = { ...parsed, since: same ? sub.recap!.since : new Date(now).toISOString() };
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** `fridy 16:00` → `friday 16:00`: the weekday probably meant, when the time reads. */
function suggestRecap(text: string): string | undefined {
  const [day, time, ...extra] = text.trim().toLowerCase().split(/\s+/);
  const weekday = day === undefined ? undefined : closest(day, WEEKDAYS);
  return weekday && weekday !== day && time && parseTimeOfDay(time) && extra.length === 0
    ? `${weekday} ${parseTimeOfDay(time)}`
    : undefined;
}

/** A channel gets one recap a week: another feed of the channel that has one is named, with how to move it. */
export async function refuseSecondRecap(
  ctx: CommandContext,
  feed: string | undefined,
  text: string | undefined,
): Promise<void> {
  if (text === undefined || /^\s*(off|none|no)\s*$/i.test(text)) return;
  const other = (await ctx.stores.subscriptions.inChannel(ctx.channel)).find(
    (s) => s.recap && (s.feed ?? undefined) !== feed,
  );
  if (!other) return;
  const name = other.feed ? `feed "${other.feed}"` : 'the main feed';
  const off = other.feed ? `name:${other.feed} recap:off` : 'recap:off';
  throw new UserError(
    `This channel's weekly recap is set on ${name}; a channel gets one recap a week. Turn it off there first (${code(`/papers subscribe ${off}`)}).`,
  );
}

/** "Weekly recap of the team's most-voted papers: Fridays at 16:00 (next Fri 19 Jun, 16:00 CEST)." */
export function describeRecap(sub: Subscription, now: number): string {
  if (!sub.recap) return '';
  const day = `${sub.recap.weekday[0]!.toUpperCase()}${sub.recap.weekday.slice(1)}s`;
  const next = sub.paused ? 'paused' : `next ${formatLocal(nextRecapSlot(sub.recap, sub.timeZone, now), sub.timeZone)}`;
  return `Weekly recap of the team's most-voted papers: ${day} at ${sub.recap.time} (${next}).`;
}

/** `/papers settings`' line about the last recap, when there was one. */
export function lastRecapLine(sub: Subscription): string {
  const last = sub.lastRecap;
  if (!last) return '';
  return `Last recap: ${last.week}, ${last.status} (${formatLocal(Date.parse(last.at), sub.timeZone)})${last.detail ? ` — ${last.detail}` : ''}.`;
}
