import type { Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import type { Stores } from '../../src/store/index.js';
import { applyVote, receiptOrder, slackEventOrder } from '../../src/votes/votes.js';
import { SLACK_NUMBER_NAMES } from './blocks.js';

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
  event_ts?: string;
}

/**
 * Counts a vote reaction on a paper message the bot posted; the bot's own reactions never count.
 * Events are applied in `event_ts` order, so a redelivered event (Slack retries one it thinks
 * failed) or an add overtaken by its remove changes nothing.
 */
export async function handleSlackReaction(
  change: 'add' | 'remove',
  event: ReactionEvent,
  meta: { teamId: string; botUserId?: string },
  deps: {
    stores: Stores;
    voteEmoji: string;
    logger: Logger;
    metrics?: Metrics;
    now: () => number;
    onVoteChange?: (target: { paperId: string; team: string }) => void;
  },
): Promise<void> {
  const reaction = event.reaction.split('::')[0] ?? ''; // drop a skin tone: "+1::skin-tone-2"
  if (event.item.type !== 'message' || !event.item.channel || !event.item.ts) return;
  if (event.user === meta.botUserId) return;
  const vote = slackReactionNames(deps.voteEmoji).includes(reaction);
  // A numbered reaction (:one: … :keycap_ten:) is a vote for that paper of a compact list.
  const choice = vote ? undefined : SLACK_NUMBER_NAMES.indexOf(reaction);
  if (!vote && (choice === undefined || choice < 0)) return;
  // A thread reply's reaction names the channel and the reply's own ts, as the ledger recorded it.
  const ref = { platform: 'slack' as const, channelId: event.item.channel, messageId: event.item.ts };
  const order = slackEventOrder(event.event_ts) ?? receiptOrder();
  await applyVote(
    {
      present: change === 'add',
      ref,
      voter: `slack:${event.user}`,
      emoji: event.reaction,
      order,
      ...(choice !== undefined ? { choice } : {}),
    },
    deps,
  );
}
