import type { Paper } from '../model.js';

/** Highest HF upvotes first; ties by comments, then id, so the order is stable. */
export function rankByUpvotes(papers: readonly Paper[]): Paper[] {
  return [...papers].sort(
    (a, b) => b.upvotes - a.upvotes || (b.numComments ?? 0) - (a.numComments ?? 0) || a.id.localeCompare(b.id),
  );
}
