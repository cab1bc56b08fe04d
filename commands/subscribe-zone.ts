import { isValidTimeZone } from '../src/time/dates.js';
import type { Subscription } from '../src/subscriptions/subscription.js';
import type { CommandContext, CommandInput } from './types.js';
import { code } from '../src/text/rich.js';

/** The zone a new subscription gets without `timezone:`: the caller's own where the platform tells it, else UTC. */
export const defaultTimeZone = (ctx: CommandContext): string =>
  ctx.userTimeZone !== undefined && isValidTimeZone(ctx.userTimeZone) ? ctx.userTimeZone : 'UTC';

/**
 * Says where a new subscription's zone came from when the caller did not give one: `inline` goes
 * next to the time ("09:00 Europe/Berlin (your time zone; …)"), `hint` is a sentence after the reply.
 * Changes to an existing subscription keep its zone and need no note.
 */
export function zoneNote(
  existing: Subscription | undefined,
  input: CommandInput,
  ctx: CommandContext,
): { inline?: string; hint?: string } {
  if (existing || input.timezone !== undefined) return {};
  if (ctx.userTimeZone !== undefined && defaultTimeZone(ctx) === ctx.userTimeZone) return { inline: 'your time zone' };
  return {
    inline: 'the default',
    hint: `I can't see your time zone here: add ${code('timezone:')} (e.g. Europe/Berlin) to post at your local time.`,
  };
}
