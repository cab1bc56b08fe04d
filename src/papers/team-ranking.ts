import type { Paper } from '../model.js';
import { rankByUpvotes } from './rank.js';

/** What a team's ranking of a day is asked with. */
export interface TeamRankRequest {
  /** The team the papers are ranked for: a channel's team, or a person's own (`user:<platform>:<id>`, `person:<id>`). */
  team: string;
  /** The Daily Papers day (or a catch-up's last day) being ranked. */
  day: string;
  /** The candidates, already filtered, in Hugging Face upvote order. */
  papers: readonly Paper[];
  /** The team's votes: paper id → when it was voted for (ms since the epoch). */
  votes: ReadonlyMap<string, number>;
}

/**
 * Orders a day's papers for a team, best first. The port a learned ranking (the team's taste)
 * plugs into; the delivery cuts the order to the feed's count. It must return the papers it was
 * given (no others), each once.
 */
export interface TeamRanking {
  rank(request: TeamRankRequest): Promise<readonly Paper[]>;
}

/** Hugging Face's order: upvotes, the order of a team without a learned ranking. */
export const hfRanking: TeamRanking = { rank: async ({ papers }) => rankByUpvotes(papers) };
