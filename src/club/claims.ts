import { formatMessageRef, type Platform } from '../model.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Stores } from '../store/index.js';
import { createVoteIntake, type VoteIntake, type VoteIntakeOptions } from '../votes/vote-intake.js';
import type { OnVoteChange, VoteClear, VoteReaction } from '../votes/votes.js';
import type { ClubPoster } from './club-poster.js';
import { claimAnswer, threadNameOf } from './messages.js';

/** What applying a 📖 needs. */
export interface ClaimDeps {
  stores: Stores;
  logger: Logger;
  clock: Clock;
  /** Each platform's club poster: the thread answers go through it. */
  posters: ReadonlyMap<Platform, ClubPoster>;
  /** A paper's readers changed in a team (live cards show the reading line). */
  onClaimChange?: OnVoteChange;
}

/**
 * Applies a 📖 reaction as a claim, exactly as a vote is applied (ClaimStore): only on a paper's
 * own message this bot posted (a compact list names no one paper). When the claim appears the
 * reader is named in the paper's thread, once: a redelivered or reordered event changes nothing,
 * so it answers nothing either. Withdrawing says nothing; the card's reading line shows it.
 */
export async function applyClaim(r: VoteReaction, deps: ClaimDeps): Promise<void> {
  if (r.choice !== undefined) return;
  const target = await deps.stores.ledger.paperForMessage(r.ref);
  if (!target) return;
  // The reader's name is kept before the claim counts, so nothing ever lists a claim without it.
  const name = r.present ? await nameReader(r, target.team, deps) : undefined;
  const result = await deps.stores.claims.react({
    team: target.team,
    paperId: target.paperId,
    identity: r.voter,
    reaction: `${formatMessageRef(r.ref)}:${r.emoji}`,
    present: r.present,
    order: r.order,
    at: deps.clock.now(),
  });
  deps.logger.debug('claim', { present: r.present, ...result, paperId: target.paperId, team: target.team });
  if (result.voteDelta === 0) return;
  deps.onClaimChange?.(target);
  if (result.voteDelta === 1) await answerClaim(r, target, name ?? 'Someone', deps);
}

/** Records the name the reacting person goes by (their platform's, looked up through its club poster). */
async function nameReader(r: VoteReaction, team: string, deps: ClaimDeps): Promise<string | undefined> {
  const name = await deps.posters
    .get(r.ref.platform)
    ?.displayName(r.ref, r.voter)
    .catch(() => undefined);
  if (name) await deps.stores.claims.nameReader(team, await deps.stores.teams.voterOf(r.voter), name);
  return name;
}

/** Names the new reader in the paper's thread. A failure is logged: the claim stands either way. */
async function answerClaim(r: VoteReaction, target: { paperId: string; team: string }, name: string, deps: ClaimDeps) {
  const poster = deps.posters.get(r.ref.platform);
  if (!poster) return;
  try {
    const paper = await deps.stores.papers.getPaper(target.paperId);
    await poster.replyInThread(r.ref, claimAnswer(name, target.paperId), threadNameOf(paper?.title ?? target.paperId));
  } catch (error) {
    deps.logger.warn('could not answer a claim in its thread', {
      message: formatMessageRef(r.ref),
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** A message's 📖 reactions going away at once (a moderator, a deleted message): their claims go, in the clear's order. */
export async function clearClaims(c: VoteClear, deps: ClaimDeps): Promise<void> {
  if (c.only?.choice !== undefined) return;
  const { ledger, claims } = deps.stores;
  const targets = c.only
    ? [await ledger.paperForMessage(c.ref)].filter((t) => t !== undefined)
    : await ledger.papersOfMessage(c.ref);
  for (const target of targets) {
    const { removed } = await claims.clear({
      ...target,
      message: formatMessageRef(c.ref),
      ...(c.only ? { emoji: c.only.emoji } : {}),
      order: c.order,
      at: deps.clock.now(),
    });
    if (removed > 0) deps.onClaimChange?.(target);
  }
}

/**
 * Where the adapters hand 📖 events: the vote queue's machinery (vote-intake.ts), applying claims.
 * Kept in order while the store does not answer, like votes.
 */
export function createClaimIntake(deps: ClaimDeps, options?: VoteIntakeOptions): VoteIntake {
  return createVoteIntake(
    {
      stores: deps.stores,
      logger: deps.logger,
      clock: deps.clock,
      apply: { react: (r) => applyClaim(r, deps), clear: (c) => clearClaims(c, deps) },
    },
    options,
  );
}
