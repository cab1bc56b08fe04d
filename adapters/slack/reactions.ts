import type { Logger } from '../../src/logger.js';
import type { Stores } from '../../src/store/index.js';
import { applyVote } from '../../src/votes.js';

/** Slack names reactions (`+1`); `VOTE_EMOJI` may be 👍 (the default), `:name:` or `name`. */
export function slackReactionNames(voteEmoji: string): string[] {
  if (voteEmoji === '👍') return ['+1', 'thumbsup'];
  const name = /^:?([\w+'-]+):?$/.exec(voteEmoji)?.[1];
  return name ? [name] : ['+1', 'thumbsup'];
}

interface ReactionEvent {
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
}

/**
 * Counts a vote reaction on a paper message the bot posted. Slack retries deliveries it thinks
 * failed (same `event_id`), so each event is claimed once; the bot's own reactions never count.
 */
export async function handleSlackReaction(
  change: 'add' | 'remove',
  event: ReactionEvent,
  meta: { eventId: string; teamId: string; botUserId?: string },
  deps: { stores: Stores; voteEmoji: string; logger: Logger; now: () => number },
): Promise<void> {
  const reaction = event.reaction.split('::')[0] ?? ''; // drop a skin tone: "+1::skin-tone-2"
  if (event.item.type !== 'message' || !event.item.channel || !event.item.ts) return;
  if (event.user === meta.botUserId || !slackReactionNames(deps.voteEmoji).includes(reaction)) return;
  const ref = { platform: 'slack' as const, channelId: event.item.channel, messageId: event.item.ts };
  // Slack redelivers an event it thinks failed with the same event_id: claimed once, counted once.
  await applyVote(change, ref, `slack:${event.user}`, { ...deps, beforeCount: () => deps.stores.claimOnce(`slack-event:${meta.eventId}`, 24 * 3_600_000) });
}
