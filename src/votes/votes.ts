import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
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
  /** The event's order: Slack's `event_ts` in µs, or a Discord receipt order (receipt-order.ts) taken when it arrived. */
  order: number;
  /** A numbered reaction's index (1️⃣ is 0): a vote for that paper of a compact list. Absent for the vote emoji. */
  choice?: number;
  /** The "not interested" reaction (`DOWNVOTE_EMOJI`): it teaches the team's taste, never a leaderboard. */
  notInterested?: boolean;
}

/** Every vote reaction on a message going away at once: a moderator removing them all or one emoji's, or the message deleted. */
export interface VoteClear {
  ref: MessageRef;
  /** Only this emoji's reactions (its `emoji` as in VoteReaction, `choice` for a numbered one); all when absent. */
  only?: { emoji: string; choice?: number };
  /** The event's order, as in VoteReaction. */
  order: number;
}

/** A team's vote count for a paper changed. */
export interface VoteChange {
  paperId: string;
  /** The team key (`teamOf`): linked Discord servers and Slack workspaces count as one. */
  team: string;
}

/** Told after each vote event that changed a count (live cards edit the paper's messages). */
export type OnVoteChange = (change: VoteChange) => void;

/** What applying a vote needs. */
export interface VoteDeps {
  stores: Stores;
  logger: Logger;
  metrics?: Metrics;
  /** When a vote was cast (ms since the epoch): the injected clock's `now`. */
  now: () => number;
  onVoteChange?: OnVoteChange;
}

/**
 * Applies a vote reaction on a message: counts only on paper messages this bot posted (the
 * ledger knows them, also after a restart). The adapters decide whether the reaction is the vote
 * emoji and not the bot's own. True when the voter's vote appeared or went away (`onVoteChange` is told then).
 */
export async function applyVote(r: VoteReaction, deps: VoteDeps): Promise<boolean> {
  const target = await deps.stores.ledger.paperForMessage(r.ref, r.choice);
  if (!target) return false;
  if (r.notInterested) {
    const changed = await deps.stores.taste.markNotInterested(
      target.team,
      target.paperId,
      r.voter,
      r.present,
      r.order,
      deps.now(),
    );
    deps.logger.debug('not interested', { present: r.present, changed, paperId: target.paperId, team: target.team });
    return false;
  }
  // The team's taste learns from its votes: marked changed first, so a vote applied is never missed by it.
  await deps.stores.taste.touch(target.team);
  // The team is the one the message was posted for (a linked team when the platforms were linked then).
  const [result] = await Promise.all([
    deps.stores.votes.react({
      team: target.team,
      paperId: target.paperId,
      identity: r.voter,
      reaction: `${formatMessageRef(r.ref)}:${r.emoji}`,
      present: r.present,
      order: r.order,
      at: deps.now(),
    }),
    // Where this account votes, so its person's own feed finds these votes (src/personal/).
    r.present ? deps.stores.voterTeams.note(r.voter, target.team, deps.now()) : undefined,
  ]);
  deps.logger.debug('vote', { present: r.present, ...result, paperId: target.paperId, team: target.team });
  if (result.voteDelta !== 0) {
    deps.metrics?.vote(r.ref.platform, r.present ? 'add' : 'remove');
    // The count changed: live cards show it on the paper's messages in this team.
    deps.onVoteChange?.(target);
  }
  return result.voteDelta !== 0;
}

/**
 * Takes away the votes of a message's reactions (all, or one emoji's) for every paper the message
 * carries, in the clear's order: a vote the voter still has through another message of the paper
 * stays. Safe to repeat. Answers how many votes went away (`onVoteChange` is told per paper).
 */
export async function clearVotes(c: VoteClear, deps: VoteDeps): Promise<number> {
  const { ledger, votes } = deps.stores;
  const targets = c.only
    ? [await ledger.paperForMessage(c.ref, c.only.choice)].filter((t) => t !== undefined)
    : await ledger.papersOfMessage(c.ref);
  let removed = 0;
  for (const target of targets) {
    await deps.stores.taste.touch(target.team);
    const result = await votes.clear({
      ...target,
      message: formatMessageRef(c.ref),
      ...(c.only ? { emoji: c.only.emoji } : {}),
      order: c.order,
      at: deps.now(),
    });
    deps.logger.debug('votes cleared', { ...target, removed: result.removed, emoji: c.only?.emoji });
    if (result.removed === 0) continue;
    removed += result.removed;
    for (let i = 0; i < result.removed; i++) deps.metrics?.vote(c.ref.platform, 'remove');
    deps.onVoteChange?.(target);
  }
  return removed;
}
