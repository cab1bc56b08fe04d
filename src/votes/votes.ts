import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { formatMessageRef, type MessageRef } from '../model.js';
import type { Stores } from '../store/index.js';

/** One vote reaction added or removed on a message, as an adapter received it. */
export interface VoteReaction {
  present: boolean;
  ref: MessageRef;
  /** `platform:userId`. */
  voter: string;
  /** The emoji variant (Slack counts `+1` and `+1::skin-tone-2` as two reactions). */
  emoji: string;
  /** The event's order (µs): Slack's `event_ts`, or `receiptOrder()` taken when the event arrived. */
  order: number;
  /** A numbered reaction's index (1️⃣ is 0): a vote for that paper of a compact list. Absent for the vote emoji. */
  choice?: number;
}

let lastOrder = 0;
/**
 * A strictly increasing order for events that carry no timestamp (Discord's reaction events):
 * taken synchronously when the event arrives, in gateway order, before anything async can
 * reorder it. Microseconds since the epoch, so it also increases across a restart.
 */
export function receiptOrder(): number {
  lastOrder = Math.max(lastOrder + 1, Date.now() * 1000);
  return lastOrder;
}

/** Slack's `event_ts` ("1700000000.000200") in microseconds; undefined when malformed. */
export function slackEventOrder(eventTs: string | undefined): number | undefined {
  const m = /^(\d{1,12})\.(\d{1,6})$/.exec(eventTs ?? '');
  return m ? Number(m[1]) * 1_000_000 + Number(m[2]!.padEnd(6, '0')) : undefined;
}

/**
 * Applies a vote reaction on a message: counts only on paper messages this bot posted (the
 * ledger knows them, also after a restart). The adapters decide whether the reaction is the vote
 * emoji and not the bot's own. True when the voter's vote appeared or went away (`onVoteChange` is told then).
 */
export async function applyVote(
  r: VoteReaction,
  deps: {
    stores: Stores;
    logger: Logger;
    metrics?: Metrics;
    now: () => number;
    onVoteChange?: (target: { paperId: string; team: string }) => void;
  },
): Promise<boolean> {
  const target = await deps.stores.ledger.paperForMessage(r.ref, r.choice);
  if (!target) return false;
  // The team is the one the message was posted for (a linked team when the platforms were linked then).
  const result = await deps.stores.votes.react({
    team: target.team,
    paperId: target.paperId,
    identity: r.voter,
    reaction: `${formatMessageRef(r.ref)}:${r.emoji}`,
    present: r.present,
    order: r.order,
    at: deps.now(),
  });
  deps.logger.debug('vote', { present: r.present, ...result, paperId: target.paperId, team: target.team });
  if (result.voteDelta !== 0) {
    deps.metrics?.vote(r.ref.platform, r.present ? 'add' : 'remove');
    // The count changed: live cards show it on the paper's messages in this team.
    deps.onVoteChange?.(target);
  }
  return result.voteDelta !== 0;
}
