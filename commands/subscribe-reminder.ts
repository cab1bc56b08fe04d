import { UserError } from '../src/errors.js';
import { DEFAULT_REMINDER_DAYS } from '../src/club/reminders.js';
import type { Subscription } from '../src/subscriptions/subscription.js';
import { quoted } from '../src/text/verbatim.js';
import type { OptionDef } from './types.js';

/** Longest reminder delay (days): past a quarter the claim is better withdrawn. */
const MAX_REMINDER_DAYS = 90;

/** `subscribe`'s `reminder` option: days after a 📖 claim before its reader gets one reminder, or `off`. */
export const REMINDER_OPTION: OptionDef = {
  name: 'reminder',
  description: `Days after a 📖 claim before one reminder to add a takeaway (default ${DEFAULT_REMINDER_DAYS}), or off`,
  type: 'string',
  maxLength: 8,
};

/** Applies `reminder:` to a planned subscription. */
export function applyReminder(sub: Subscription, text: string): void {
  const value = text.trim().toLowerCase();
  if (/^(off|none|no)$/.test(value)) {
    sub.reminder = 'off';
    return;
  }
  const days = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(days >= 1 && days <= MAX_REMINDER_DAYS))
    throw new UserError(
      `reminder must be a number of days from 1 to ${MAX_REMINDER_DAYS}, or off; ${quoted(text, 20)} is not.`,
    );
  sub.reminder = days;
}

/** What `/papers settings` and the confirmation say about reminders, once an admin has set them. */
export function describeReminder(sub: Subscription): string {
  if (sub.reminder === undefined) return '';
  if (sub.reminder === 'off') return 'Readers of its papers get no reading reminders.';
  return `A reader who claims one of its papers with 📖 gets one reminder after ${sub.reminder} day${sub.reminder === 1 ? '' : 's'} without a takeaway.`;
}
