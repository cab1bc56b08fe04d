import type { Paper } from '../model.js';

/** When HF upvotes count as having moved notably since a card last showed them. */
export interface UpvoteThresholds {
  /** An absolute move of at least this many upvotes (default 10). */
  minDelta: number;
  /** Or a relative move of at least this share of the shown count (default 0.25)… */
  minShare: number;
  /** …when it is at least this many upvotes (default 3), so 1 → 2 is not news. */
  minShareDelta: number;
}

export const DEFAULT_UPVOTE_THRESHOLDS: UpvoteThresholds = { minDelta: 10, minShare: 0.25, minShareDelta: 3 };

/**
 * What about a paper changed enough to edit its cards: `upvotes`, `code`, `project`, `hf` (a
 * paper known from arXiv now on Hugging Face), `version` (arXiv announced a new one); empty when
 * nothing did.
 */
export function notableChanges(shown: Paper, now: Paper, t: UpvoteThresholds = DEFAULT_UPVOTE_THRESHOLDS): string[] {
  const reasons: string[] = [];
  if (shown.source === 'arxiv' && now.source === 'hf') reasons.push('hf');
  if ((now.version?.n ?? 1) > (shown.version?.n ?? 1)) reasons.push('version');
  const delta = Math.abs(now.upvotes - shown.upvotes);
  if (delta >= t.minDelta || (delta >= t.minShareDelta && delta >= t.minShare * Math.max(shown.upvotes, 1)))
    reasons.push('upvotes');
  if (now.githubRepo && !shown.githubRepo) reasons.push('code');
  if (now.projectPage && !shown.projectPage) reasons.push('project');
  return reasons;
}
