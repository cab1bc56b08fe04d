import type { Logger } from './logger.js';
import type { MessageRef } from './model.js';
import type { Stores } from './store/index.js';

/**
 * Applies a vote reaction on a message: counts only on paper messages this bot posted (the
 * ledger knows them, also after a restart). The adapters decide whether the reaction is the vote
 * emoji and not the bot's own. True when the vote changed.
 */
export async function applyVote(
  change: 'add' | 'remove',
  ref: MessageRef,
  voter: string,
  deps: { stores: Stores; logger: Logger; now: () => number; beforeCount?: () => Promise<boolean> },
): Promise<boolean> {
  const target = await deps.stores.ledger.paperForMessage(ref);
  if (!target) return false;
  if (deps.beforeCount && !(await deps.beforeCount())) return false;
  const changed =
    change === 'add'
      ? await deps.stores.votes.add(target.team, target.paperId, voter, deps.now())
      : await deps.stores.votes.remove(target.team, target.paperId, voter);
  deps.logger.debug('vote', { change, changed, paperId: target.paperId, team: target.team });
  return changed;
}
